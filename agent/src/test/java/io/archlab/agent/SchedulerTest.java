package io.archlab.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.TrialRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What runs next, decided from the stored state alone: exact, and in microseconds. */
class SchedulerTest {
    static final Instant T = Instant.parse("2026-12-05T12:00:00Z");
    /** 1,800 screening steps at a calibrated 50 steps/s (36 s), promoted ×2; 3 seeds, eta 3, rounds of 3. */
    static final RunConfig CONFIG = RunConfig.defaults().withBudgets(20, 60, 30, 1_000_000)
            .withEvaluation(new RunConfig.Evaluation(3, 3, 3, 2, 0)).withCompute(new RunConfig.Compute(1_800, 0, 50, null));

    static CandidateRecord cand(String id, int ordinal, String proposer, String parent) {
        return new CandidateRecord(id, "r", ordinal, id, proposer, parent, "", "src", "{}", "h" + id, 1000L, null,
                null, parent == null ? 0 : 1, 10_000L, T);
    }

    /** A trial that trained its steps at 50 steps/s (batch 64) with 4 s of overhead. */
    static TrialRecord trial(int ordinal, String cand, String outcome, Double acc, int fidelity, long steps,
            String curve) {
        return new TrialRecord("t" + ordinal, "r", cand, ordinal, ordinal, 360, outcome, null, null, acc, null, null,
                steps, steps / 50.0, steps / 50.0 + 4, 50.0 * 64, curve, null, null, null, fidelity, null, T, T);
    }

    static TrialRecord screened(int ordinal, String cand, double acc) {
        return trial(ordinal, cand, "succeeded", acc, 0, 1_800, curve(acc, 200, 600, 1_800));
    }

    static String curve(double acc, long... steps) {
        StringBuilder b = new StringBuilder("[");
        for (long s : steps) {
            b.append(b.length() > 1 ? "," : "").append("{\"steps\":").append(s).append(",\"valAccuracy\":")
                    .append(acc).append('}');
        }
        return b.append(']').toString();
    }

    static Scheduler.State state(List<CandidateRecord> c, List<TrialRecord> t, List<TrialPlan.Job> running,
            double secondsLeft) {
        return new Scheduler.State(c, t, running, secondsLeft, false);
    }

    final Scheduler scheduler = new Scheduler(CONFIG);
    final List<CandidateRecord> baselines = List.of(cand("a", 0, "baseline", null), cand("b", 1, "baseline", null));

    @Test
    void should_screen_stored_candidates_with_the_runs_steps_and_rungs_then_propose() {
        Scheduler.Decision d = scheduler.next(state(baselines, List.of(), List.of(), 3_600));
        Scheduler.Train t = assertInstanceOf(Scheduler.Train.class, d);
        assertEquals("a", t.job().candidate().id());
        assertEquals(1_800, t.compute().steps());
        assertEquals(List.of(200L, 600L), t.compute().rungs(), "S/eta² and S/eta");
        assertEquals(1_800 / 50.0 + TrialCosts.DEFAULT_OVERHEAD_SECONDS, t.expectedSeconds(), 1e-9);
        Scheduler.Decision b = scheduler.next(state(baselines, List.of(), List.of(t.job()), 3_600));
        assertEquals("b", assertInstanceOf(Scheduler.Train.class, b).job().candidate().id(), "a is in flight");
        Scheduler.Decision p = scheduler.next(state(baselines, List.of(screened(0, "a", 0.8), screened(1, "b", 0.7)),
                List.of(), 3_600));
        assertEquals(1_800 / 50.0 + 4, assertInstanceOf(Scheduler.Propose.class, p).expectedSeconds(), 1e-9,
                "at the measured overhead");
    }

    @Test
    void should_give_promoted_trials_the_promoted_steps_and_no_rungs() {
        List<CandidateRecord> c = new ArrayList<>(baselines);
        c.add(cand("x", 2, "evolution", "b"));
        List<TrialRecord> t = List.of(screened(0, "a", 0.80), screened(1, "b", 0.70), screened(2, "x", 0.85));
        Scheduler.Train d = assertInstanceOf(Scheduler.Train.class, scheduler.next(state(c, t, List.of(), 3_600)));
        assertEquals(1, d.job().fidelity());
        assertEquals("a", d.job().candidate().id(), "the best baseline first, as reference");
        assertEquals(3_600, d.compute().steps());
        assertEquals(List.of(), d.compute().rungs());
    }

    @Test
    void should_budget_the_expected_duration_keeping_the_final_phase_and_fill_the_rest_with_what_fits() {
        List<CandidateRecord> c = new ArrayList<>(baselines);
        c.add(cand("x", 2, "evolution", "b"));
        List<TrialRecord> t = List.of(screened(0, "a", 0.80), screened(1, "b", 0.70), screened(2, "x", 0.85));
        double fin = scheduler.finalPhaseSeconds(state(c, t, List.of(), 0), TrialCosts.of(CONFIG, c, t));
        assertEquals(2 * 3 * 4, fin, 1e-9, "six evaluations of about one overhead each");
        double promoted = 3_600 / 50.0 + 4;
        assertInstanceOf(Scheduler.Train.class, scheduler.next(state(c, t, List.of(), promoted + fin)));
        // too little for a promoted trial (76 s) but enough for a screening (40 s): the time is not left unused
        Scheduler.Decision d = scheduler.next(state(c, t, List.of(), promoted + fin - 1));
        assertInstanceOf(Scheduler.Propose.class, d);
        Scheduler.Stop s = assertInstanceOf(Scheduler.Stop.class, scheduler.next(state(c, t, List.of(), 39 + fin)));
        assertEquals(DiscoveryLoop.StopReason.TIME_BUDGET, s.reason());
    }

    @Test
    void should_never_propose_past_a_stored_candidate_that_did_not_fit() {
        List<CandidateRecord> c = new ArrayList<>(baselines);
        c.add(cand("slow", 2, "evolution", "slowparent"));
        List<TrialRecord> t = new ArrayList<>(List.of(screened(0, "a", 0.8), screened(1, "b", 0.7)));
        // its parent trained at 5 steps/s: its screening is expected to take 364 s
        t.add(new TrialRecord("tp", "r", "slowparent", 9, 9, 360, "succeeded", null, null, 0.5, null, null, 1_800L,
                360.0, 364.0, 5.0 * 64, "[]", null, null, null, 1, null, T, T));
        Scheduler.Stop s = assertInstanceOf(Scheduler.Stop.class, scheduler.next(state(c, t, List.of(), 300)));
        assertEquals(DiscoveryLoop.StopReason.TIME_BUDGET, s.reason());
        assertFalse(scheduler.proposeAhead(state(c, t, List.of(), 300)));
    }

    @Test
    void should_stop_on_the_trial_budget_counting_trials_in_flight_but_not_prescreened_proposals() {
        RunConfig two = CONFIG.withBudgets(2, 60, 30, 1_000_000);
        Scheduler s = new Scheduler(two);
        TrialRecord skipped = trial(0, "a", "prescreened", null, 0, 0, "[]");
        List<TrialPlan.Job> flying = List.of(new TrialPlan.Job(baselines.get(1), 0));
        assertInstanceOf(Scheduler.Propose.class, s.next(state(baselines, List.of(skipped), flying, 3_600)));
        Scheduler.Stop stop = assertInstanceOf(Scheduler.Stop.class, s.next(state(baselines,
                List.of(skipped, screened(1, "a", 0.5)), flying, 3_600)));
        assertEquals(DiscoveryLoop.StopReason.MAX_TRIALS, stop.reason());
        assertEquals(DiscoveryLoop.StopReason.INTERRUPTED, assertInstanceOf(Scheduler.Stop.class,
                s.next(new Scheduler.State(baselines, List.of(), List.of(), 3_600, true))).reason());
    }

    @Test
    void should_propose_ahead_only_when_no_stored_candidate_awaits_its_screening() {
        assertFalse(scheduler.proposeAhead(state(baselines, List.of(), List.of(), 3_600)));
        List<TrialPlan.Job> flying = baselines.stream().map(c -> new TrialPlan.Job(c, 0)).toList();
        assertTrue(scheduler.proposeAhead(state(baselines, List.of(), flying, 3_600)));
        assertFalse(scheduler.proposeAhead(state(baselines, List.of(), flying, 30)), "no time for its screening");
    }

    @Test
    void should_resume_a_pruned_screening_once_later_ones_make_it_one_of_the_best_of_its_rung() {
        // p0 was pruned at rung 1 (200 steps) with 0.50; a, the round's best, has its three promoted seeds
        List<CandidateRecord> c = new ArrayList<>(baselines);
        List<TrialRecord> t = new ArrayList<>(List.of(screened(0, "a", 0.9), screened(1, "b", 0.4)));
        for (int i = 0; i < 5; i++) {
            c.add(cand("p" + i, 2 + i, "evolution", "a"));
        }
        t.add(trial(2, "p0", "pruned", 0.50, 0, 200, curve(0.50, 200)));
        for (int i = 0; i < 3; i++) {
            t.add(trial(10 + i, "a", "succeeded", 0.9, 1, 3_600, "[]"));
        }
        TrialPlan.Job next = assertInstanceOf(Scheduler.Train.class, scheduler.next(state(c, t, List.of(), 3_600)))
                .job();
        assertEquals("p1", next.candidate().id(), "3 measured at rung 1 (< 2 × eta): nothing is resumed yet");
        assertNull(next.resumes());
        for (int i = 1; i < 5; i++) {
            t.add(trial(2 + i, "p" + i, "pruned", 0.30, 0, 200, curve(0.30, 200)));
        }
        // at rung 1 now: a 0.9, p0 0.5, b 0.4, p1..p4 0.3 -> n = 7, the best 2 go on: a and p0
        Scheduler.Train r = assertInstanceOf(Scheduler.Train.class, scheduler.next(state(c, t, List.of(), 3_600)));
        assertEquals("p0", r.job().candidate().id());
        assertEquals(0, r.job().fidelity());
        assertEquals("t2", r.job().resumes().id(), "it resumes the pruned screening (its seed, its rungs above)");
        assertEquals(List.of(200L, 600L), r.compute().rungs());
        assertInstanceOf(Scheduler.Propose.class, scheduler.next(state(c, t, List.of(r.job()), 3_600)),
                "never twice at once");
        TrialRecord resumed = trial(20, "p0", "succeeded", 0.7, 0, 1_800, curve(0.5, 200, 600, 1_800));
        t.add(resumed);
        assertEquals(resumed, TrialPlan.screenings(t).get("p0"), "the resumed screening replaces the pruned one");
        assertInstanceOf(Scheduler.Propose.class, scheduler.next(state(c, t, List.of(), 3_600)), "resumed once only");
    }

    /** CONFIG ending with the best proposal and the best baseline trained 3 × the screening, 3 seeds each. */
    static final RunConfig FINAL = CONFIG.withFinal(new RunConfig.Final(1, 3, 3,
            new io.archlab.sandbox.train.TrialRequest.Recipe(0, false, 0.1f)));

    @Test
    void should_keep_the_time_of_the_final_training_at_the_finalists_own_speed() {
        Scheduler s = new Scheduler(FINAL);
        List<CandidateRecord> c = new ArrayList<>(baselines);
        c.add(cand("x", 2, "evolution", "a"));
        List<TrialRecord> t = new ArrayList<>(List.of(screened(0, "a", 0.80), screened(1, "b", 0.70)));
        // x, the best proposal, trains at 25 steps/s: half the calibration's speed
        t.add(new TrialRecord("tx", "r", "x", 2, 2, 360, "succeeded", null, null, 0.85, null, null, 1_800L, 72.0,
                76.0, 25.0 * 64, curve(0.85, 200, 600, 1_800), null, null, null, 0, null, T, T));
        double fin = s.finalPhaseSeconds(state(c, t, List.of(), 0), TrialCosts.of(FINAL, c, t));
        double x = 5_400 / 25.0 + 4;
        double a = 5_400 / 50.0 + 4;
        assertEquals(3 * x + 3 * a + 2 * 3 * 4, fin, 1e-9, "x's and a's three seeds, then six evaluations");
        assertEquals((3 * x + 3 * a) / 2 + 2 * 3 * 4, new Scheduler(FINAL.withParallel(2))
                .finalPhaseSeconds(state(c, t, List.of(), 0), TrialCosts.of(FINAL, c, t)), 1e-9, "over two slots");
    }

    @Test
    void should_train_each_finalist_with_the_same_seeds_once_search_has_ended_then_stop_for_its_reason() {
        Scheduler s = new Scheduler(FINAL);
        List<CandidateRecord> c = new ArrayList<>(baselines);
        c.add(cand("x", 2, "evolution", "a"));
        c.add(cand("y", 3, "evolution", "a"));
        List<TrialRecord> t = new ArrayList<>(List.of(screened(0, "a", 0.80), screened(1, "b", 0.70),
                screened(2, "x", 0.85), screened(3, "y", 0.83)));
        for (int i = 0; i < 3; i++) {   // y was promoted with all its seeds, x was not: y is the finalist
            t.add(trial(10 + i, "y", "succeeded", 0.84, 1, 3_600, "[]"));
        }
        List<String> order = new ArrayList<>();
        List<TrialPlan.Job> flying = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Scheduler.Train d = assertInstanceOf(Scheduler.Train.class, s.next(new Scheduler.State(c, t, flying, 0,
                    false, DiscoveryLoop.StopReason.TIME_BUDGET)), "no time is left, yet the final training runs");
            assertEquals(TrialRecord.FINAL, d.job().fidelity());
            assertEquals(5_400, d.compute().steps());
            assertEquals(List.of(), d.compute().rungs(), "never pruned");
            assertEquals(FinalTraining.seed(FINAL, i % 3), d.job().seed());
            order.add(d.job().candidate().id());
            flying.add(d.job());
        }
        assertEquals(List.of("y", "y", "y", "a", "a", "a"), order);
        Scheduler.Stop stop = assertInstanceOf(Scheduler.Stop.class, s.next(new Scheduler.State(c, t, flying, 0,
                false, DiscoveryLoop.StopReason.TIME_BUDGET)));
        assertEquals(DiscoveryLoop.StopReason.TIME_BUDGET, stop.reason());
        assertFalse(s.proposeAhead(new Scheduler.State(c, t, List.of(), 3_600, false,
                DiscoveryLoop.StopReason.TIME_BUDGET)));
    }
}
