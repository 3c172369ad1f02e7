package io.archlab.sandbox.compile;

/** Candidate source that javac rejects; the message lists each diagnostic with its line. */
public final class CompileException extends Exception {
    public CompileException(String message) {
        super(message);
    }
}
