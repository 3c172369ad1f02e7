package io.archlab.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.TrialRecord;
import io.archlab.sandbox.train.TrialRequest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Equal compute per fidelity, expected durations from measured throughput, caps that are caps. */
class TrialCostsTest {
    static final Instant T = Instant.parse("2026-12-04T12:00:00Z");
    /** 1,000 screening steps, promoted ×2; the baselines' median: 50 steps/s; batch 64. */
    static final RunConfig CONFIG = RunConfig.defaults().withEvaluation(new RunConfig.Evaluation(3, 3, 3, 2, 0))
            .withCompute(new RunConfig.Compute(1_000, 0, 50, null));

    static CandidateRecord cand(String id, String parent) {
        return new CandidateRecord(id, "r", 0, id, "evolution", parent, "", "src", null, null, null, null, null, 0,
                null, T);
    }

    /** A trial of {@code cand} that ran {@code steps} steps at {@code stepsPerSecond} and took {@code total} s. */
    static TrialRecord trial(String cand, long steps, double stepsPerSecond, double total) {
        return new TrialRecord("t-" + cand, "r", cand, 0, 1, 120, "succeeded", null, null, 0.8, 0.3, 1.0, steps,
                total, total, stepsPerSecond * 64, "[]", null, null, null, 0, null, T, T);
    }

    @Test
    void should_give_every_trial_of_a_fidelity_the_same_steps_whatever_its_speed() {
        TrialCosts costs = TrialCosts.of(CONFIG, List.of(cand("fast", null), cand("slow", null)),
                List.of(trial("fast", 1_000, 500, 4), trial("slow", 1_000, 5, 204)));
        for (String c : List.of("fast", "slow")) {
            assertEquals(1_000, costs.compute(cand(c, null), 0).steps());
            assertEquals(2_000, costs.compute(cand(c, null), 1).steps());
        }
        assertEquals(1_000, costs.compute(null, 0).steps(), "a proposal still to be made too");
    }

    @Test
    void should_expect_the_steps_at_the_candidates_own_rate_else_its_parents_else_the_median() {
        // overheads: 4 - 1000/500 = 2 s and 204 - 1000/5 = 4 s: median 3 s
        TrialCosts costs = TrialCosts.of(CONFIG, List.of(), List.of(trial("fast", 1_000, 500, 4),
                trial("slow", 1_000, 5, 204)));
        assertEquals(3, costs.overheadSeconds(), 1e-9);
        assertEquals(2_000 / 5.0 + 3, costs.expectedSeconds(cand("slow", null), 1), 1e-9, "its own measured rate");
        assertEquals(1_000 / 500.0 + 3, costs.expectedSeconds(cand("child", "fast"), 0), 1e-9, "its parent's");
        assertEquals(1_000 / 50.0 + 3, costs.expectedSeconds(cand("new", "unknown"), 0), 1e-9, "the median");
        assertEquals(1_000 / 50.0 + 3, costs.expectedSeconds(null, 0), 1e-9, "a proposal still to be made");
    }

    @Test
    void should_cap_a_trial_at_ten_times_its_expected_training_and_never_below_two_minutes() {
        TrialCosts costs = TrialCosts.of(CONFIG, List.of(), List.of(trial("slow", 1_000, 5, 204),
                trial("fast", 1_000, 500, 4)));
        assertEquals(10 * 2_000 / 5.0, costs.compute(cand("slow", null), 1).capSeconds(), 1e-9);
        assertEquals(10 * 1_000 / 50.0, costs.compute(cand("new", null), 0).capSeconds(), 1e-9, "at the median");
        assertEquals(TrialCosts.MIN_CAP_SECONDS, costs.compute(cand("fast", null), 0).capSeconds(), 1e-9,
                "10 x 2 s is below the floor");
    }

    @Test
    void should_expect_the_default_overhead_before_any_trial_was_measured() {
        TrialCosts costs = TrialCosts.of(CONFIG, List.of(), List.of());
        assertEquals(1_000 / 50.0 + TrialCosts.DEFAULT_OVERHEAD_SECONDS, costs.expectedSeconds(null, 0), 1e-9);
    }

    @Test
    void should_refuse_a_run_whose_compute_is_not_decided() {
        assertThrows(IllegalStateException.class, () -> TrialCosts.of(RunConfig.defaults(), List.of(), List.of()));
    }
}
