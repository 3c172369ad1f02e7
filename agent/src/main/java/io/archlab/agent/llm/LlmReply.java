package io.archlab.agent.llm;

/**
 * A model's answer to one request.
 *
 * @param promptTokens     as the endpoint reported them, or null
 * @param completionTokens as the endpoint reported them, or null
 */
public record LlmReply(String text, Integer promptTokens, Integer completionTokens) {
}
