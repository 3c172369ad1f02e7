package io.archlab.knowledge;

import java.time.Instant;

/**
 * One finished training (or failed attempt) of a candidate.
 *
 * @param ordinal     position in the run's sequence of trials
 * @param outcome     {@code succeeded} or a failure kind such as {@code shape_error}
 * @param failureStage stage of a failure, or null
 * @param message     failure message, or null
 * @param curveJson   per-epoch curve as a JSON array (empty array when none)
 * @param weightsPath where the trained weights are, or null
 * @param latencyMs   inference latency at batch 1 (median), or null
 * @param peakRssBytes peak resident memory of the process that trained it, or null
 * @param fidelity    what it was trained for: {@link #SCREENING}, {@link #PROMOTED} or {@link #FINAL}
 * @param worker      the worker that ran it (e.g. {@code pid 1234}), or null when in process
 */
public record TrialRecord(String id, String runId, String candidateId, int ordinal, long seed, double budgetSeconds,
        String outcome, String failureStage, String message, Double valAccuracy, Double trainLoss, Double epochs,
        Long steps, Double trainSeconds, double totalSeconds, Double samplesPerSecond, String curveJson,
        String weightsPath, Double latencyMs, Long peakRssBytes, int fidelity, String worker, Instant startedAt,
        Instant finishedAt) {
    /** Fidelity of a candidate's screening: one seed, the run's screening steps. */
    public static final int SCREENING = 0;
    /** Fidelity of a promoted candidate's (and its references') multi-seed re-training. */
    public static final int PROMOTED = 1;
    /** Fidelity of a finalist's training with the run's final recipe, once search has ended. */
    public static final int FINAL = 2;

    public boolean succeeded() {
        return "succeeded".equals(outcome);
    }
}
