package io.archlab.agent.llm;

import java.util.Locale;

/**
 * A model's answer to one request.
 *
 * <p>Token counts no endpoint can mean (negative, or more than {@link #MAX_TOKENS} in one exchange,
 * beyond any context window) make the answer unusable, like an empty one: the gateway tries again
 * and stores the exchange with an error naming the counts, but neither stores nor counts them. So
 * a run's spend never decreases and its token and USD caps keep working. Counts the endpoint did
 * not report are null and count as none; they cannot lower the spend either.
 *
 * @param text             the answer, or null when the message had none
 * @param promptTokens     as the endpoint reported them, or null
 * @param completionTokens as the endpoint reported them, or null
 */
public record LlmReply(String text, Integer promptTokens, Integer completionTokens) {
    /** The most tokens one exchange can take: more than any model's context window. */
    static final long MAX_TOKENS = 10_000_000;

    /** Why this answer cannot be used, or null. */
    String defect() {
        if (text == null || text.isBlank()) {
            return "the answer has no text";
        }
        return impossibleUsage() ? String.format(Locale.ROOT, "the endpoint reported impossible token usage: "
                + "%d prompt and %d completion tokens (each must be >= 0, together at most %d)", promptTokens,
                completionTokens, MAX_TOKENS) : null;
    }

    /** This answer with only the counts an endpoint can have reported: what is stored and counted. */
    LlmReply countable() {
        return impossibleUsage() ? new LlmReply(text, null, null) : this;
    }

    private boolean impossibleUsage() {
        long in = promptTokens == null ? 0 : promptTokens;
        long out = completionTokens == null ? 0 : completionTokens;
        return in < 0 || out < 0 || in + out > MAX_TOKENS;
    }
}
