package io.archlab.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.evaluator.SuccessiveHalving.RungScore;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuccessiveHalvingTest {
    final SuccessiveHalving halving = new SuccessiveHalving(60, 3);

    static RungScore s(String id, double score) {
        return new RungScore(id, score);
    }

    static List<String> ids(List<RungScore> scores) {
        return scores.stream().map(RungScore::candidateId).toList();
    }

    @Test
    void should_multiply_the_budget_by_eta_per_rung() {
        assertEquals(60.0, halving.budget(0));
        assertEquals(180.0, halving.budget(1));
        assertEquals(540.0, halving.budget(2));
    }

    @Test
    void should_promote_the_top_third_best_first() {
        List<RungScore> rung = List.of(s("a", 0.5), s("b", 0.9), s("c", 0.7), s("d", 0.1), s("e", 0.8),
                s("f", 0.2), s("g", 0.3), s("h", 0.6), s("i", 0.4));
        assertEquals(List.of("b", "e", "c"), ids(halving.promote(rung)));
    }

    @Test
    void should_promote_at_least_one_and_break_ties_by_list_order() {
        assertEquals(List.of("x"), ids(halving.promote(List.of(s("x", 0.7), s("y", 0.7)))));
        assertEquals(List.of("y"), ids(halving.promote(List.of(s("x", 0.1), s("y", 0.7)))));
        assertEquals(List.of(), halving.promote(List.of()));
        assertEquals(4, new SuccessiveHalving(1, 1.5).promotedCount(6));
    }

    @Test
    void should_never_promote_a_candidate_without_a_score() {
        List<RungScore> rung = List.of(s("failed", Double.NaN), s("a", 0.2), s("b", 0.3), s("c", 0.1));
        assertEquals(List.of("b"), ids(halving.promote(rung)));
        assertEquals(List.of(), halving.promote(List.of(s("failed", Double.NaN))));
    }

    @Test
    void should_record_rank_correlation_between_fidelities_of_shared_candidates() {
        // shared a..d: low ranks 1,2,3,4; high 0.85,0.7,0.8,0.9 → ranks 3,1,2,4;
        // Σd² = 4+1+1+0 = 6, ρ = 1 − 6·6/(4·15) = 0.4
        List<RungScore> low = List.of(s("a", 1), s("b", 2), s("c", 3), s("d", 4), s("only-low", 9));
        List<RungScore> high = List.of(s("d", 0.9), s("c", 0.8), s("a", 0.85), s("b", 0.7), s("e", 1.0));
        SuccessiveHalving.FidelityCorrelation rho = SuccessiveHalving.rankCorrelation(low, high);
        assertEquals(4, rho.candidates());
        assertEquals(0.4, rho.spearman(), 1e-12);
        assertTrue(Double.isNaN(SuccessiveHalving.rankCorrelation(low.subList(0, 1), high).spearman()));
    }

    @Test
    void should_reject_a_factor_that_keeps_everyone() {
        assertThrows(IllegalArgumentException.class, () -> new SuccessiveHalving(60, 1));
        assertThrows(IllegalArgumentException.class, () -> SuccessiveHalving.rankCorrelation(
                List.of(s("a", 1), s("a", 2)), List.of(s("a", 1))));
    }
}
