package io.archlab.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.archlab.evaluator.SuccessiveHalving.RungScore;
import io.archlab.knowledge.TrialRecord;
import io.archlab.sandbox.train.RungGate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where screenings are measured, and which stop there. */
class RungsTest {

    static List<RungScore> peers(double... acc) {
        List<RungScore> out = new ArrayList<>();
        for (int i = 0; i < acc.length; i++) {
            out.add(new RungScore("c" + i, acc[i]));
        }
        return out;
    }

    @Test
    void should_measure_at_a_ninth_and_a_third_of_the_steps_but_never_below_two_hundred() {
        assertEquals(List.of(200L, 600L), Rungs.marks(1_800, 3));
        assertEquals(List.of(250L, 500L), Rungs.marks(1_000, 2));
        assertEquals(List.of(333L), Rungs.marks(1_000, 3), "1000 / 9 = 111 steps say too little");
        assertEquals(List.of(), Rungs.marks(500, 3));
        assertEquals(List.of(), Rungs.marks(0, 3), "a compute in epochs has no rungs");
    }

    @Test
    void should_never_prune_before_twice_eta_screenings_reached_the_rung() {
        assertNull(Rungs.verdict(0, 200, 1_800, "me", 0.10, peers(0.9, 0.8, 0.7, 0.6), 3), "5 measured < 6");
    }

    @Test
    void should_prune_what_is_not_among_the_best_third_and_say_where_and_by_how_much() {
        String v = Rungs.verdict(1, 600, 1_800, "me", 0.70, peers(0.9, 0.8, 0.6, 0.5, 0.4), 3);
        assertEquals("pruned at rung 2 (600 of 1800 steps): validation accuracy 70.00 % is not among the best 2 of the "
                + "6 screenings there (top 1/3; the last kept has 80.00 %)", v);
        assertNull(Rungs.verdict(1, 600, 1_800, "me", 0.85, peers(0.9, 0.8, 0.6, 0.5, 0.4), 3));
        assertNotNull(Rungs.verdict(1, 600, 1_800, "me", 0.80, peers(0.9, 0.8, 0.6, 0.5, 0.4), 3),
                "a tie goes to the earlier screening");
    }

    @Test
    void should_gate_only_from_the_given_rung_on_against_the_stored_screenings() {
        List<TrialRecord> stored = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            stored.add(SchedulerTest.trial(i, "c" + i, "succeeded", 0.8, 0, 1_800,
                    SchedulerTest.curve(0.8, 200, 600, 1_800)));
        }
        RungGate gate = Rungs.gate(() -> stored, "me", List.of(200L, 600L), 1_800, 3, 0);
        assertEquals(0, gate.check(0, 200, 0.5).indexOf("pruned at rung 1 (200 of 1800 steps)"));
        assertNull(gate.check(0, 200, 0.9));
        assertNull(Rungs.gate(() -> stored, "me", List.of(200L, 600L), 1_800, 3, 1).check(0, 200, 0.5),
                "a resumed screening is not judged again at the rung it was resumed from");
    }

    @Test
    void should_read_a_screenings_accuracy_at_a_rung_from_its_curve() {
        TrialRecord t = SchedulerTest.trial(0, "a", "succeeded", 0.8, 0, 1_800,
                "[{\"steps\":200,\"valAccuracy\":0.41},{\"steps\":600,\"valAccuracy\":0.63}]");
        assertEquals(0.41, Rungs.scoreAt(t, 200));
        assertEquals(0.63, Rungs.scoreAt(t, 600));
        assertEquals(Double.NaN, Rungs.scoreAt(t, 300));
        assertEquals(Double.NaN, Rungs.scoreAt(SchedulerTest.trial(0, "a", "succeeded", 0.8, 0, 1, "not json"), 200));
    }
}
