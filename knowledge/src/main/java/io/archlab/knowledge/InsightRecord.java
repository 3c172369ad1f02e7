package io.archlab.knowledge;

import java.time.Instant;

/**
 * An analyst's observation, optionally about one candidate.
 *
 * @param id     assigned by the store (0 before it is stored)
 * @param author who wrote it: {@code analyst} (the LLM), {@code user}, {@code evaluator}
 */
public record InsightRecord(long id, String runId, String candidateId, String author, String text,
        Instant createdAt) {
}
