package io.archlab.knowledge;

import java.time.Instant;

/** Accuracy of a selected candidate on the held-out test split, measured once selection was over. */
public record FinalEvaluationRecord(String runId, String candidateId, String trialId, double testAccuracy,
        int testCount, Instant evaluatedAt) {
}
