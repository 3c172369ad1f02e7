package io.archlab.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Reference values: quantiles from printed t tables; tails from Simpson integration of the t
 * density in plain Python ({@code src/test/python/reference_values.py}: {@code math.lgamma} only,
 * 200,000 intervals), independent of the incomplete beta function used here; closed forms for
 * df = 1 (Cauchy) and df = 2.
 */
class StudentTTest {

    @Test
    void should_give_the_tabulated_975_quantiles() {
        assertEquals(4.302653, StudentT.quantile(0.975, 2), 1e-6);
        assertEquals(2.228139, StudentT.quantile(0.975, 10), 1e-6);
        assertEquals(2.042272, StudentT.quantile(0.975, 30), 1e-6);
        assertEquals(-2.228139, StudentT.quantile(0.025, 10), 1e-6);
        assertEquals(0.0, StudentT.quantile(0.5, 7));
    }

    @Test
    void should_match_closed_forms_for_one_and_two_degrees_of_freedom() {
        for (double t : new double[] {-30, -2.5, -0.3, 0, 0.7, 4, 100}) {
            assertEquals(0.5 + Math.atan(t) / Math.PI, StudentT.cdf(t, 1), 1e-13, "Cauchy at " + t);
            assertEquals(0.5 + t / (2 * Math.sqrt(2 + t * t)), StudentT.cdf(t, 2), 1e-13, "df 2 at " + t);
        }
        assertEquals(12.706204736174696, StudentT.quantile(0.975, 1), 1e-9);
    }

    @Test
    void should_match_numerical_integration_of_the_density() {
        assertEquals(0.9490302605850673, StudentT.cdf(2.0, 5), 1e-12);
        assertEquals(0.12391822654314605, StudentT.upperTail(1.5, 2.5), 1e-12);
        assertEquals(0.0010641995292135498, StudentT.upperTail(10.0, 3), 1e-14);
    }

    @Test
    void should_invert_its_cdf() {
        for (double df : new double[] {0.7, 1, 3.74, 12, 250, 1e5}) {
            for (double p : new double[] {1e-9, 0.01, 0.3, 0.6, 0.95, 0.999999}) {
                double t = StudentT.quantile(p, df);
                // compare the smaller tail, relatively, so 1e-9 is held to its own digits
                double tail = Math.min(p, 1 - p);
                double back = p < 0.5 ? StudentT.cdf(t, df) : StudentT.upperTail(t, df);
                assertEquals(tail, back, 1e-10 * tail, "p=" + p + " df=" + df);
            }
        }
    }

    @Test
    void should_approach_the_normal_distribution_for_large_df() {
        assertEquals(1.959964, StudentT.quantile(0.975, 1e7), 1e-5);
    }

    @Test
    void should_compute_the_special_functions() {
        assertEquals(Math.log(Math.sqrt(Math.PI)), StudentT.logGamma(0.5), 1e-14);
        assertEquals(Math.log(362_880), StudentT.logGamma(10), 1e-12);
        assertEquals(0.3, StudentT.regularizedIncompleteBeta(1, 1, 0.3), 1e-14);
        assertEquals(Math.pow(0.4, 3.5), StudentT.regularizedIncompleteBeta(3.5, 1, 0.4), 1e-14);
        // I_x(2,2) = 3x² − 2x³
        assertEquals(3 * 0.8 * 0.8 - 2 * 0.8 * 0.8 * 0.8, StudentT.regularizedIncompleteBeta(2, 2, 0.8), 1e-14);
    }

    @Test
    void should_reject_bad_arguments() {
        assertThrows(IllegalArgumentException.class, () -> StudentT.quantile(1, 3));
        assertThrows(IllegalArgumentException.class, () -> StudentT.quantile(0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> StudentT.cdf(Double.NaN, 3));
    }
}
