package io.archlab.sandbox.train;

import io.archlab.sandbox.ir.Graph;
import java.util.List;

/**
 * What a trial produced.
 *
 * @param outcome      success or a typed failure
 * @param graph        the candidate's IR, or null when it never got that far (compile or shape error)
 * @param metrics      measurements, or null unless it trained: succeeded, or stopped early as
 *                     {@link FailureKind#CAPPED} or {@link FailureKind#PRUNED} (then as of where it stopped)
 * @param curve        training curve (possibly empty)
 * @param totalSeconds wall time of the whole trial, compilation included
 */
public record TrialResult(Outcome outcome, Graph graph, Metrics metrics, List<EpochPoint> curve,
        double totalSeconds) {
    public TrialResult {
        curve = List.copyOf(curve);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean succeeded() {
        return outcome instanceof Outcome.Succeeded;
    }
}
