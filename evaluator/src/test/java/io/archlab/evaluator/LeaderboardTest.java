package io.archlab.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LeaderboardTest {
    final BudgetedAccuracy fitness = new BudgetedAccuracy(100_000);

    static Evaluated ok(String id, int ordinal, long params, double acc) {
        return new Evaluated(id, id, ordinal, params, "succeeded", acc);
    }

    @Test
    void should_rank_by_accuracy_then_fewer_params_then_earlier_candidate() {
        List<Leaderboard.Entry> board = Leaderboard.rank(List.of(
                ok("a", 0, 50_000, 0.80), ok("b", 1, 20_000, 0.85), ok("c", 2, 10_000, 0.85),
                ok("d", 3, 10_000, 0.85)), fitness);
        assertEquals(List.of("c", "d", "b", "a"), board.stream().map(e -> e.candidate().candidateId()).toList());
        assertEquals(List.of(1, 2, 3, 4), board.stream().map(Leaderboard.Entry::rank).toList());
    }

    @Test
    void should_leave_out_failed_and_over_budget_candidates() {
        Evaluated failed = new Evaluated("f", "f", 0, 1000L, "shape_error", null);
        Evaluated big = ok("big", 1, 100_001, 0.99);
        List<Leaderboard.Entry> board = Leaderboard.rank(List.of(failed, big, ok("fit", 2, 100_000, 0.5)), fitness);
        assertEquals(1, board.size());
        assertEquals("fit", board.get(0).candidate().candidateId());
        assertNotNull(fitness.ineligibility(big));
        assertTrue(fitness.ineligibility(failed).contains("shape_error"));
    }

    @Test
    void should_reject_a_non_positive_budget() {
        assertThrows(IllegalArgumentException.class, () -> new BudgetedAccuracy(0));
    }
}
