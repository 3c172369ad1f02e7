package io.archlab.knowledge;

import java.time.Instant;

/**
 * One request to a language model and its answer. Never holds credentials: the store also redacts
 * anything in the prompt or response that looks like an API key or bearer token.
 *
 * @param id               assigned by the store (0 before it is stored)
 * @param candidateId      the candidate it produced or concerns, or null
 * @param role             {@code proposer}, {@code repair}, {@code analyst}, ...
 * @param response         the model's text (kept, with the error, when it could not be used), or null if
 *                         no answer came
 * @param promptTokens     as reported by the endpoint, or null (also when the counts were impossible)
 * @param completionTokens as reported by the endpoint, or null
 * @param costUsd          estimated from the configured prices, or null
 * @param error            why the call failed, or null
 */
public record LlmExchangeRecord(long id, String runId, String candidateId, String role, String model, String prompt,
        String response, Integer promptTokens, Integer completionTokens, double latencyMs, Double costUsd,
        String error, Instant at) {
}
