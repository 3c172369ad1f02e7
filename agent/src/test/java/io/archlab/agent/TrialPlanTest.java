package io.archlab.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.TrialRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrialPlanTest {
    static final Instant T = Instant.parse("2026-11-22T12:00:00Z");
    static final RunConfig.Evaluation EV = new RunConfig.Evaluation(3, 3, 3, 2, 0);

    static CandidateRecord cand(String id, int ordinal, String proposer, String parent) {
        return new CandidateRecord(id, "r", ordinal, id.toUpperCase(), proposer, parent, "", "src", "{}", "h" + id,
                1000L, null, null, parent == null ? 0 : 1, 10_000L, T);
    }

    static TrialRecord trial(int ordinal, String cand, Double acc, int fidelity) {
        return new TrialRecord("t" + ordinal, "r", cand, ordinal, ordinal, 1, acc == null ? "shape_error" : "succeeded",
                null, null, acc, null, null, null, null, 1, null, "[]", null, null, null, fidelity, null, T, T);
    }

    @Test
    void should_screen_stored_candidates_in_order_then_ask_for_a_proposal() {
        List<CandidateRecord> c = List.of(cand("a", 0, "baseline", null), cand("b", 1, "baseline", null));
        assertEquals("a", TrialPlan.next(c, List.of(), EV).candidate().id());
        assertEquals("b", TrialPlan.next(c, List.of(trial(0, "a", 0.8, 0)), EV).candidate().id());
        TrialPlan.Job j = TrialPlan.next(c, List.of(trial(0, "a", 0.8, 0), trial(1, "b", null, 0)), EV);
        assertNull(j.candidate(), "both screened, the round is not complete: propose");
        assertEquals(0, j.fidelity());
    }

    @Test
    void should_promote_the_best_of_a_complete_round_with_its_references_and_all_seeds() {
        List<CandidateRecord> c = List.of(cand("a", 0, "baseline", null), cand("b", 1, "baseline", null),
                cand("x", 2, "evolution", "b"), cand("y", 3, "evolution", "a"));
        List<TrialRecord> t = new ArrayList<>(List.of(trial(0, "a", 0.80, 0), trial(1, "b", 0.70, 0),
                trial(2, "x", 0.85, 0)));
        // round {a, b, x} complete: keep 3/3 = 1 -> x; references: best baseline a, parent b
        List<String> due = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            TrialPlan.Job j = TrialPlan.next(c, t, EV);
            assertEquals(1, j.fidelity());
            due.add(j.candidate().id());
            t.add(trial(3 + i, j.candidate().id(), 0.8, 1));
        }
        assertEquals(List.of("a", "a", "a", "b", "b", "b", "x", "x", "x"), due);
        TrialPlan.Job next = TrialPlan.next(c, t, EV);
        assertEquals("y", next.candidate().id(), "then the next stored candidate is screened");
        assertEquals(0, next.fidelity());
    }

    @Test
    void should_not_promote_a_round_without_a_success_and_count_failed_seeds() {
        List<CandidateRecord> c = List.of(cand("a", 0, "baseline", null), cand("x", 1, "evolution", "a"),
                cand("z", 2, "evolution", "a"));
        List<TrialRecord> failed = List.of(trial(0, "a", null, 0), trial(1, "x", null, 0), trial(2, "z", null, 0));
        assertNull(TrialPlan.next(c, failed, EV).candidate());
        List<TrialRecord> t = new ArrayList<>(List.of(trial(0, "a", 0.8, 0), trial(1, "x", null, 0),
                trial(2, "z", 0.6, 0)));
        t.add(trial(3, "a", 0.8, 1));
        t.add(trial(4, "a", null, 1));   // a seed that failed still counts as done
        assertEquals("a", TrialPlan.next(c, t, EV).candidate().id(), "the best of the round is the baseline a");
        t.add(trial(5, "a", 0.81, 1));
        assertNull(TrialPlan.next(c, t, EV).candidate(), "a has its 3 seeds: propose");
    }

    @Test
    void should_count_a_prescreened_proposal_as_screened_but_leave_it_out_of_promotion_rounds() {
        List<CandidateRecord> c = List.of(cand("a", 0, "baseline", null), cand("b", 1, "baseline", null),
                cand("x", 2, "evolution", "b"), cand("y", 3, "evolution", "a"));
        TrialRecord skipped = new TrialRecord("t2", "r", "x", 2, 2, 1, "prescreened", "PRESCREEN", "naswot 1 < 2",
                null, null, null, null, null, 0.1, null, "[]", null, null, null, 0, null, T, T);
        List<TrialRecord> t = new ArrayList<>(List.of(trial(0, "a", 0.80, 0), trial(1, "b", 0.70, 0), skipped));
        TrialPlan.Job j = TrialPlan.next(c, t, EV);
        assertEquals("y", j.candidate().id(), "x is not screened again; {a, b} is no complete round of 3");
        assertEquals(0, j.fidelity());
        t.add(trial(3, "y", 0.90, 0));
        j = TrialPlan.next(c, t, EV);
        assertEquals(1, j.fidelity(), "the round {a, b, y} is complete");
        assertEquals("a", j.candidate().id(), "the best baseline first, then y's parent a and y");
    }

    @Test
    void should_never_promote_when_promotion_is_off() {
        List<CandidateRecord> c = List.of(cand("a", 0, "baseline", null));
        assertNull(TrialPlan.next(c, List.of(trial(0, "a", 0.9, 0)), RunConfig.Evaluation.OFF).candidate());
    }
}
