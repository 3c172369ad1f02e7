package io.archlab.knowledge;

import java.time.Instant;

/**
 * The evaluator's significance verdict on a candidate against a reference.
 *
 * @param referenceKind {@code parent}, {@code best_baseline}, {@code overall} (the candidate's verdict as a
 *                      discovery of the search) or {@value #FINAL_TEST}
 * @param verdict       e.g. {@code discovery}, {@code not_significant}, {@code insufficient_seeds}
 * @param seeds         seeds the candidate was trained with
 * @param mean          the candidate's mean validation accuracy over its seeds (test accuracy for
 *                      {@value #FINAL_TEST}), or null
 * @param ciLow         lower end of its 95 % interval, or null
 * @param ciHigh        upper end of its 95 % interval, or null
 * @param pValue        one-sided p-value of the test behind the verdict, or null
 */
public record AssessmentRecord(String runId, String candidateId, String referenceId, String referenceKind,
        String verdict, int seeds, Double mean, Double ciLow, Double ciHigh, Double referenceMean, Double pValue,
        String reason, Instant assessedAt) {
    /**
     * Kind of the verdict on the run's selected finalist against the best baseline: on the test
     * split, both trained with the run's final recipe, steps and seeds.
     */
    public static final String FINAL_TEST = "final_test";

    public boolean discovery() {
        return "discovery".equals(verdict);
    }
}
