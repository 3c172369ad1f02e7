package io.archlab.sandbox.worker;

/** A worker could not be started or initialised: an infrastructure fault, not a candidate's. */
public final class WorkerException extends RuntimeException {
    public WorkerException(String message) {
        super(message);
    }
}
