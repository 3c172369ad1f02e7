package io.archlab.agent;

/** A run cannot start or resume as asked (unknown run, already running, data changed, ...). */
public final class RunException extends RuntimeException {
    public RunException(String message) {
        super(message);
    }
}
