package io.archlab.evaluator;

/**
 * Relative improvement over random sampling, from Yang, Esperança and Carlucci, "NAS evaluation is
 * frustratingly hard", ICLR 2020:
 *
 * <pre>  RI = 100 × (acc_method − acc_random) / acc_random</pre>
 *
 * where {@code acc_random} is the mean accuracy of architectures sampled at random from the same
 * search space and trained with the same protocol. It is in percent: RI = 1 means 1% better than
 * random. The same formula against a baseline's accuracy is the relative improvement
 * {@link ScalarFitness} uses.
 *
 * @param methodAccuracy     the method's accuracy
 * @param randomMeanAccuracy mean accuracy of the random samples
 * @param percent            RI, in percent
 */
public record RelativeImprovement(double methodAccuracy, double randomMeanAccuracy, double percent) {

    /** RI of {@code methodAccuracy} over the mean of {@code randomSampleAccuracies} (at least one). */
    public static RelativeImprovement of(double methodAccuracy, double... randomSampleAccuracies) {
        double randomMean = Stats.mean(randomSampleAccuracies);
        return new RelativeImprovement(methodAccuracy, randomMean, percent(methodAccuracy, randomMean));
    }

    /** {@code 100 × (accuracy − reference) / reference}, for {@code reference > 0}. */
    public static double percent(double accuracy, double reference) {
        if (!(reference > 0) || Double.isInfinite(reference)) {
            throw new IllegalArgumentException("relative improvement needs a finite reference accuracy > 0, got "
                    + reference);
        }
        if (!Double.isFinite(accuracy)) {
            throw new IllegalArgumentException("relative improvement needs a finite accuracy, got " + accuracy);
        }
        return 100 * (accuracy - reference) / reference;
    }
}
