package io.archlab.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RelativeImprovementTest {

    @Test
    void should_measure_improvement_over_the_mean_of_random_samples_in_percent() {
        // random mean 0.966; RI = 100 × (0.9724 − 0.966) / 0.966 = 0.64 / 0.966 = 0.66252588
        RelativeImprovement ri = RelativeImprovement.of(0.9724, 0.9650, 0.9660, 0.9670);
        assertEquals(0.966, ri.randomMeanAccuracy(), 1e-15);
        assertEquals(0.6625258799171801, ri.percent(), 1e-12);
    }

    @Test
    void should_be_negative_below_random_and_zero_at_random() {
        assertEquals(-10.0, RelativeImprovement.percent(0.81, 0.9), 1e-12);
        assertEquals(0.0, RelativeImprovement.percent(0.5, 0.5));
    }

    @Test
    void should_reject_a_non_positive_reference() {
        assertThrows(IllegalArgumentException.class, () -> RelativeImprovement.percent(0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> RelativeImprovement.of(0.5));
    }
}
