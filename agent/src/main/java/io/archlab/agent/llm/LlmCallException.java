package io.archlab.agent.llm;

/** A request to the model failed; {@link Kind} says whether trying again can help. */
public final class LlmCallException extends Exception {
    /** Why a call failed. */
    public enum Kind {
        /** 429: try again later. */
        RATE_LIMITED(true),
        /** 5xx: try again. */
        SERVER_ERROR(true),
        /** No answer within the timeout: try again. */
        TIMEOUT(true),
        /** Nothing listens at the URL: try again, then stop the run. */
        UNREACHABLE(true),
        /** 401/403: the key is refused; stop the run. */
        REFUSED(false),
        /** 4xx other than the above (unknown model, bad request): stop the run. */
        BAD_REQUEST(false),
        /**
         * The endpoint answered, but not with a usable answer (no text, not JSON, no message): try
         * again, then that one request fails with {@link BadAnswerException}.
         */
        MALFORMED(true);

        private final boolean retriable;

        Kind(boolean retriable) {
            this.retriable = retriable;
        }

        public boolean retriable() {
            return retriable;
        }
    }

    private final Kind kind;
    private final long retryAfterMillis;

    public LlmCallException(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, 0);
    }

    /** A failure after which the endpoint asked to wait {@code retryAfterMillis} (its {@code Retry-After}). */
    public LlmCallException(Kind kind, String message, Throwable cause, long retryAfterMillis) {
        super(kind.name().toLowerCase(java.util.Locale.ROOT) + ": " + message, cause);
        this.kind = kind;
        this.retryAfterMillis = retryAfterMillis;
    }

    public Kind kind() {
        return kind;
    }

    /** How long the endpoint asked to wait before the next attempt; 0 when it did not say. */
    public long retryAfterMillis() {
        return retryAfterMillis;
    }

    /** The kind named at the start of a stored error message ({@code "timeout: ..."}), or null. */
    public static Kind kindOf(String storedError) {
        if (storedError == null) {
            return null;
        }
        int colon = storedError.indexOf(':');
        String head = (colon < 0 ? storedError : storedError.substring(0, colon)).toUpperCase(java.util.Locale.ROOT);
        for (Kind k : Kind.values()) {
            if (k.name().equals(head)) {
                return k;
            }
        }
        return null;
    }
}
