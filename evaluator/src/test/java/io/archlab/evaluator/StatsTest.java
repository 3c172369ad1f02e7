package io.archlab.evaluator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StatsTest {
    static final double[] A = {0.91, 0.92, 0.93};
    static final double[] B = {0.89, 0.90, 0.905};

    @Test
    void should_compute_mean_and_sample_standard_deviation() {
        double[] x = {2, 4, 4, 4, 5, 5, 7, 9};
        assertEquals(5.0, Stats.mean(x), 1e-15);
        assertEquals(Math.sqrt(32.0 / 7), Stats.standardDeviation(x), 1e-15); // Σ(x-5)² = 32, n-1 = 7
        assertThrows(IllegalArgumentException.class, () -> Stats.standardDeviation(1.0));
    }

    @Test
    void should_give_the_t_confidence_interval_of_the_mean() {
        // mean 0.92, s = 0.01, half-width t(0.975, 2) · 0.01 / √3 = 4.3026527 · 0.0057735
        Interval ci = Stats.meanConfidenceInterval(A, 0.95);
        assertEquals(0.8951586228824947, ci.lower(), 1e-12);
        assertEquals(0.9448413771175054, ci.upper(), 1e-12);
    }

    /**
     * By hand, with exact fractions: mean_a = 0.92, mean_b = 2.695/3, difference 13/600;
     * s_a² = 1e-4, s_b² = (0.008333² + 0.001667² + 0.006667²)/2 = 7/12 · 1e-4; so
     * s_a²/3 = 1/30000 and s_b²/3 = 7/360000, their sum 19/360000,
     * t = (13/600) / √(19/360000) = 13/√19 = 2.98240454, and
     * df = (19/360000)² / ((1/30000)²/2 + (7/360000)²/2) = 361 / (193/2) = 722/193 = 3.74093264.
     * P(T > 13/√19) with 722/193 df = 0.022118067243547 by Simpson integration of the t density in
     * Python (standard library only, 200,000 intervals: src/test/python/reference_values.py).
     */
    @Test
    void should_match_welch_t_test_values_derived_by_hand() {
        WelchTest w = Stats.welch(A, B);
        assertEquals(13.0 / 600, w.difference(), 1e-15);
        assertEquals(Math.sqrt(19.0 / 360_000), w.standardError(), 1e-15);
        assertEquals(13 / Math.sqrt(19), w.t(), 1e-12);
        assertEquals(722.0 / 193, w.df(), 1e-12);
        assertEquals(0.022118067243547, w.pGreater(), 1e-11);
        assertEquals(1 - 0.022118067243547, w.pLess(), 1e-11);
        assertEquals(0.044236134487093, w.pTwoSided(), 1e-11);
    }

    @Test
    void should_test_against_a_shifted_null_difference() {
        WelchTest atTheDifference = Stats.welch(A, B, 13.0 / 600);
        assertEquals(0.0, atTheDifference.t(), 1e-12);
        assertEquals(0.5, atTheDifference.pGreater(), 1e-12);
        // non-inferiority example of SignificanceTest: t = 0.005 / √(5/3 · 1e-6) = √15, df = 50/17
        WelchTest nonInferior = Stats.welch(new double[] {0.900, 0.902, 0.898}, new double[] {0.901, 0.899, 0.900},
                -0.005);
        assertEquals(Math.sqrt(15), nonInferior.t(), 1e-9);
        assertEquals(50.0 / 17, nonInferior.df(), 1e-9);
        assertEquals(0.01578111581282432, nonInferior.pGreater(), 1e-10); // Python, Simpson integration
    }

    @Test
    void should_settle_welch_when_neither_sample_varies() {
        WelchTest w = Stats.welch(new double[] {0.5, 0.5, 0.5}, new double[] {0.25, 0.25, 0.25});
        assertEquals(Double.POSITIVE_INFINITY, w.t());
        assertEquals(0.0, w.pGreater());
        assertEquals(4.0, w.df());
        WelchTest same = Stats.welch(new double[] {0.5, 0.5}, new double[] {0.5, 0.5});
        assertEquals(0.5, same.pGreater());
        assertEquals(1.0, same.pTwoSided());
    }

    @Test
    void should_compute_spearman_on_the_textbook_example() {
        // IQ against hours of TV a week (Wikipedia, "Spearman's rank correlation coefficient"): Σd² = 194,
        // ρ = 1 − 6·194 / (10·99) = −29/165
        double[] iq = {106, 100, 86, 101, 99, 103, 97, 113, 112, 110};
        double[] tv = {7, 27, 2, 50, 28, 29, 20, 12, 6, 17};
        assertEquals(-29.0 / 165, Stats.spearman(iq, tv), 1e-12);
    }

    @Test
    void should_average_tied_ranks_in_spearman() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, Stats.averageRanks(new double[] {10, 20, 20, 30}));
        // ranks (1, 2.5, 2.5, 4) and (1, 3, 2, 4): Σdxdy = 4.5, Σdx² = 4.5, Σdy² = 5, ρ = 3/√10
        assertEquals(3 / Math.sqrt(10), Stats.spearman(new double[] {1, 2, 2, 3}, new double[] {1, 3, 2, 4}), 1e-12);
        assertEquals(1.0, Stats.spearman(new double[] {1, 2, 3, 4}, new double[] {1, 8, 27, 1000}), 1e-15);
        assertTrue(Double.isNaN(Stats.spearman(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
    }

    /**
     * Reference from a Python re-implementation of java.util.Random (as its javadoc specifies) and of
     * the same resampling and type-7 percentiles (src/test/python/reference_values.py):
     * (0.011499999999999955, 0.04125000000000012).
     */
    @Test
    void should_give_a_deterministic_percentile_bootstrap_interval() {
        double[] a = {0.91, 0.92, 0.93, 0.94, 0.90};
        double[] b = {0.89, 0.90, 0.905, 0.88};
        Interval ci = Stats.bootstrapDifferenceOfMeans(a, b, 0.95, 2000, 42);
        assertEquals(0.011499999999999955, ci.lower(), 1e-12);
        assertEquals(0.04125000000000012, ci.upper(), 1e-12);
        assertEquals(ci, Stats.bootstrapDifferenceOfMeans(a, b, 0.95, 2000, 42));
        assertNotEquals(ci, Stats.bootstrapDifferenceOfMeans(a, b, 0.95, 2000, 43));
        Interval constant = Stats.bootstrapDifferenceOfMeans(new double[] {1, 1, 1}, new double[] {0, 0}, 0.9, 100, 7);
        assertEquals(new Interval(1, 1), constant);
    }

    @Test
    void should_agree_with_the_t_interval_on_large_samples() {
        Random r = new Random(5);
        double[] a = new double[400];
        double[] b = new double[400];
        for (int i = 0; i < 400; i++) {
            a[i] = 0.5 + r.nextGaussian();
            b[i] = r.nextGaussian();
        }
        Interval boot = Stats.bootstrapDifferenceOfMeans(a, b, 0.95, 4000, 1);
        WelchTest w = Stats.welch(a, b);
        double half = StudentT.quantile(0.975, w.df()) * w.standardError(); // ≈ 0.139
        assertEquals(w.difference() - half, boot.lower(), 0.02);
        assertEquals(w.difference() + half, boot.upper(), 0.02);
    }
}
