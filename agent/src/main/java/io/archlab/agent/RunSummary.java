package io.archlab.agent;

import java.time.Instant;

/**
 * What {@code archlab status} and the dashboard show of a run.
 *
 * @param state          stored state, or {@code INTERRUPTED} for a run whose process is gone
 * @param trialsFinished finished trials (failed ones included)
 * @param best           the best eligible candidate, or null
 */
public record RunSummary(String runId, String state, String task, int trialsFinished, int maxTrials,
        long maxParams, double elapsedSeconds, Instant createdAt, Best best) {

    /**
     * The best candidate so far.
     *
     * @param testAccuracy accuracy on the held-out test split, or null until the run's final evaluation
     */
    public record Best(String candidateId, String name, double valAccuracy, long params, Double testAccuracy) {
    }
}
