package io.archlab.app.web;

import io.quarkus.qute.TemplateData;

/**
 * A candidate as the dashboard ranks and draws it: the store's summary (no source, no IR) joined
 * with what its trials say.
 *
 * @param bestValAccuracy    best validation accuracy over all its succeeded trials (any fidelity), or null
 * @param screeningAccuracy  validation accuracy of its screening trial (fidelity 0), or null: what runs are
 *                           ranked by, as in {@code archlab status} and the report
 * @param screeningOutcome   outcome of that trial ({@code succeeded} or a failure kind), or null before it
 * @param promotedTrials     trials at fidelity 1 (re-trainings with several seeds)
 * @param promotedMean       mean validation accuracy of its succeeded fidelity-1 trials, or null
 * @param lastFailure        outcome of its latest failed trial, or null
 */
@TemplateData
public record CandidateStats(String id, int ordinal, String name, String proposer, String parentId, int generation,
        Long params, Long macs, Double bestValAccuracy, Double bestLatencyMs, int trials, Double screeningAccuracy,
        String screeningOutcome, int promotedTrials, Double promotedMean, String lastFailure) {

    /** Whether its screening trained successfully. */
    public boolean succeeded() {
        return "succeeded".equals(screeningOutcome) && screeningAccuracy != null;
    }

    /** Trained, and no trial succeeded. */
    public boolean failed() {
        return trials > 0 && bestValAccuracy == null;
    }

    /** Proposed, never trained yet (queued, in training, or refused before a trial). */
    public boolean pending() {
        return trials == 0;
    }

    public boolean promoted() {
        return promotedTrials > 0;
    }

    /** What happened to it in one word: {@code succeeded}, a failure kind, or {@code pending}. */
    public String status() {
        if (pending()) {
            return "pending";
        }
        if (bestValAccuracy != null) {
            return "succeeded";
        }
        return lastFailure != null ? lastFailure : screeningOutcome != null ? screeningOutcome : "failed";
    }
}
