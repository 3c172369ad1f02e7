package io.archlab.agent.llm;

/**
 * The run cannot go on with its language model: the spend limit is reached, the endpoint is
 * unreachable or refuses the key, or a replay ran out. The loop stops cleanly and says why.
 */
public final class LlmStopException extends RuntimeException {
    /** Why the model can no longer be used. */
    public enum Reason { BUDGET, UNAVAILABLE, REPLAY_END }

    private final Reason reason;

    public LlmStopException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
