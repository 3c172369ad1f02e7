package io.archlab.sandbox.compile;

/**
 * Candidate source that uses something the safety policy forbids. The message lists each
 * violation with its line and the construct, e.g. {@code line 5: java.lang.System is not allowed
 * (System.exit)}.
 */
public final class PolicyException extends Exception {
    public PolicyException(String message) {
        super(message);
    }
}
