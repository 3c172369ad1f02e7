package io.archlab.agent.llm;

/**
 * A model's answer to one request.
 *
 * @param text             the answer, or null when the message had none
 * @param promptTokens     as the endpoint reported them, or null
 * @param completionTokens as the endpoint reported them, or null
 */
public record LlmReply(String text, Integer promptTokens, Integer completionTokens) {

    /** Why this answer cannot be used, or null. */
    String defect() {
        return text == null || text.isBlank() ? "the answer has no text" : null;
    }
}
