package io.archlab.agent.evolution;

/** The evolutionary proposer has nothing to work from (no eligible parent, or no new child found). */
public final class NoParentException extends RuntimeException {
    public NoParentException(String message) {
        super(message);
    }
}
