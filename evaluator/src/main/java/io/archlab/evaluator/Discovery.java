package io.archlab.evaluator;

/**
 * The verdict of {@link Significance} on a candidate against one reference (its parent or the best
 * baseline), with the numbers behind it.
 *
 * @param verdict        what was decided
 * @param candidateSeeds seeds the candidate was trained with
 * @param referenceSeeds seeds the reference was trained with
 * @param candidateMean  mean accuracy of the candidate over its seeds (NaN with none)
 * @param referenceMean  mean accuracy of the reference over its seeds (NaN with none)
 * @param candidateCi    95% t confidence interval of the candidate's mean, null with fewer than 2 seeds
 * @param referenceCi    95% t confidence interval of the reference's mean, null with fewer than 2 seeds
 * @param difference     {@code candidateMean − referenceMean}
 * @param pBetter        one-sided Welch p-value for "the candidate is more accurate" (NaN when
 *                       there are too few seeds to test)
 * @param pNotWorse      one-sided Welch p-value for "the candidate is less accurate by less than the
 *                       margin" (NaN when there are too few seeds to test)
 * @param costReduction  {@code 1 − candidate/reference} of the cost quantity that fell most (params
 *                       or MACs); NaN when neither is known for both
 * @param costQuantity   {@code params} or {@code MACs}, the quantity of {@code costReduction}, or null
 * @param reason         one line saying why, for people and for the LLM
 */
public record Discovery(String candidateId, String referenceId, Verdict verdict, int candidateSeeds,
        int referenceSeeds, double candidateMean, double referenceMean, Interval candidateCi, Interval referenceCi,
        double difference, double pBetter, double pNotWorse, double costReduction, String costQuantity,
        String reason) {

    /** The possible verdicts. */
    public enum Verdict {
        /** Rule (a): significantly more accurate. */
        BETTER,
        /** Rule (b): not significantly less accurate beyond the margin, and clearly cheaper. */
        AS_ACCURATE_AND_CHEAPER,
        /** Tested, and neither rule holds. */
        NOT_A_DISCOVERY,
        /** Too few seeds to test; never a discovery. */
        INSUFFICIENT_SEEDS
    }

    /** Whether the verdict is a discovery. */
    public boolean isDiscovery() {
        return verdict == Verdict.BETTER || verdict == Verdict.AS_ACCURATE_AND_CHEAPER;
    }

    /** The p-value of the test that decided: {@code pNotWorse} under rule (b), else {@code pBetter}. */
    public double pValue() {
        return verdict == Verdict.AS_ACCURATE_AND_CHEAPER ? pNotWorse : pBetter;
    }
}
