package io.archlab.evaluator;

/**
 * The result of Welch's unequal-variances t-test of {@code mean(a) - mean(b)} against a null
 * difference {@code d0}, as computed by {@link Stats#welch(double[], double[], double)}.
 *
 * <pre>
 *   t  = (mean_a - mean_b - d0) / sqrt(s_a²/n_a + s_b²/n_b)
 *   df = (s_a²/n_a + s_b²/n_b)² / ((s_a²/n_a)²/(n_a-1) + (s_b²/n_b)²/(n_b-1))   (Welch–Satterthwaite)
 * </pre>
 * (Welch, Biometrika 34, 1947; Satterthwaite, Biometrics Bulletin 2, 1946.)
 *
 * @param difference     {@code mean(a) - mean(b)}
 * @param nullDifference {@code d0}, the difference under the null hypothesis
 * @param standardError  {@code sqrt(s_a²/n_a + s_b²/n_b)}
 * @param t              the t statistic; ±infinity when the standard error is 0 and the difference
 *                       is not {@code d0}, and 0 when it is
 * @param df             Welch–Satterthwaite degrees of freedom; {@code n_a + n_b - 2} when both
 *                       samples have zero variance
 * @param pGreater       one-sided p-value for the alternative {@code mean_a - mean_b > d0}
 * @param pLess          one-sided p-value for the alternative {@code mean_a - mean_b < d0}
 * @param pTwoSided      two-sided p-value for the alternative {@code mean_a - mean_b != d0}
 */
public record WelchTest(double difference, double nullDifference, double standardError, double t, double df,
        double pGreater, double pLess, double pTwoSided) {
}
