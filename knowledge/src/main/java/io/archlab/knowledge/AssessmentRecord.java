package io.archlab.knowledge;

import java.time.Instant;

/**
 * The evaluator's significance verdict on a candidate against a reference.
 *
 * @param referenceKind {@code parent} or {@code best_baseline}
 * @param verdict       e.g. {@code discovery}, {@code not_significant}, {@code insufficient_seeds}
 * @param seeds         seeds the candidate was trained with
 * @param mean          the candidate's mean validation accuracy over its seeds, or null
 * @param ciLow         lower end of its 95 % interval, or null
 * @param ciHigh        upper end of its 95 % interval, or null
 * @param pValue        one-sided p-value of the test behind the verdict, or null
 */
public record AssessmentRecord(String runId, String candidateId, String referenceId, String referenceKind,
        String verdict, int seeds, Double mean, Double ciLow, Double ciHigh, Double referenceMean, Double pValue,
        String reason, Instant assessedAt) {

    public boolean discovery() {
        return "discovery".equals(verdict);
    }
}
