package io.archlab.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScalarFitnessTest {
    final ScalarFitness.Baseline baseline = new ScalarFitness.Baseline(0.90, 1_000_000L, 10_000_000L);
    final ScalarFitness fitness = new ScalarFitness(baseline, new Constraints(1_500_000, 0, 0, 0));

    @Test
    void should_give_one_half_to_a_copy_of_the_baseline() {
        assertEquals(0.5, fitness.score(0.90, Cost.of(1_000_000L, 10_000_000L)), 1e-15);
    }

    @Test
    void should_pin_the_default_formula() {
        // RI = 100 × (0.909 − 0.9)/0.9 = 1%; σ(1) = 0.7310586; half the params: −0.05 · ln(0.5) = +0.0346574
        assertEquals(0.7657159376580022, fitness.score(0.909, Cost.of(500_000L, 10_000_000L)), 1e-12);
        // twice the MACs: 0.5 − 0.05 · ln 2
        assertEquals(0.46534264097200273, fitness.score(0.90, Cost.of(1_000_000L, 20_000_000L)), 1e-12);
        // RI −1%: σ(−1)
        assertEquals(1 / (1 + Math.E), fitness.score(0.891, Cost.of(1_000_000L, 10_000_000L)), 1e-12);
    }

    @Test
    void should_leave_out_an_efficiency_term_whose_amount_is_unknown() {
        assertEquals(0.5, fitness.score(0.90, Cost.of(1_000_000L, null)), 1e-15);
        ScalarFitness noMacs = new ScalarFitness(new ScalarFitness.Baseline(0.9, 1_000_000L, null), Constraints.NONE);
        assertEquals(0.5, noMacs.score(0.90, Cost.of(1_000_000L, 5L)), 1e-15);
    }

    @Test
    void should_give_zero_to_an_infeasible_candidate_however_accurate() {
        assertEquals(0.0, fitness.score(0.99, Cost.of(1_500_001L, 1L)));
        assertTrue(fitness.score(0.80, Cost.of(1_500_000L, 10_000_000L)) >= 0);
    }

    @Test
    void should_never_go_below_zero() {
        assertEquals(0.0, fitness.score(0.10, Cost.of(1_400_000L, 1_000_000_000L)));
    }

    @Test
    void should_rank_a_leaderboard_and_leave_out_failed_and_infeasible_candidates() {
        List<Leaderboard.Entry> board = Leaderboard.rank(List.of(
                new Evaluated("small", "small", 0, 500_000L, "succeeded", 0.905),
                new Evaluated("big", "big", 1, 1_400_000L, "succeeded", 0.905),
                new Evaluated("huge", "huge", 2, 2_000_000L, "succeeded", 0.99),
                new Evaluated("failed", "failed", 3, 10L, "shape_error", null)), fitness);
        assertEquals(List.of("small", "big"), board.stream().map(e -> e.candidate().candidateId()).toList());
        assertEquals("infeasible: params 2,000,000 > limit 1,500,000",
                fitness.ineligibility(new Evaluated("huge", "huge", 2, 2_000_000L, "succeeded", 0.99)));
    }

    @Test
    void should_reject_weights_that_would_invert_the_formula() {
        assertThrows(IllegalArgumentException.class, () -> new ScalarFitness.Weights(0, 0.05, 0.05));
        assertThrows(IllegalArgumentException.class, () -> new ScalarFitness.Weights(1, -0.05, 0.05));
        assertThrows(IllegalArgumentException.class, () -> new ScalarFitness.Baseline(0, null, null));
    }
}
