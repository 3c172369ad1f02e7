package io.archlab.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.knowledge.InMemoryStore;
import io.archlab.knowledge.RunState;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.TrialRecord;
import io.archlab.sandbox.train.TrialRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The discovery loop as it schedules a whole run, on in-memory fakes (store, runner, proposer,
 * clock): exact assertions, in milliseconds.
 */
class SchedulingTest {
    static final String RUN = "r1";
    /** Screenings of 1,800 steps (rungs at 200 and 600), promoted ×2 with 3 seeds, eta 3, rounds of 6. */
    static final RunConfig CONFIG = RunConfig.defaults().withBudgets(1_000, 30, 30, 1_000_000)
            .withEvaluation(new RunConfig.Evaluation(3, 3, 6, 2, 0))
            .withCompute(new RunConfig.Compute(1_800, 0, 20_000.0 / 48, null));

    @TempDir
    Path dir;

    record Run(Store store, LoopFakes.Clock clock, LoopFakes.Runner runner, LoopFakes.Listener listener,
            DiscoveryLoop loop) {
        DiscoveryLoop.StopReason execute(RunConfig config) {
            return loop.execute(RUN, config, LoopFakes.test(clock));
        }

        List<TrialRecord> trials() {
            return store.trials(RUN);
        }
    }

    Run run(Store store) {
        LoopFakes.Clock clock = new LoopFakes.Clock();
        LoopFakes.Runner runner = new LoopFakes.Runner(clock);
        LoopFakes.Listener listener = new LoopFakes.Listener();
        return new Run(store, clock, runner, listener, new DiscoveryLoop(store, runner, new LoopFakes.Proposer(), dir,
                listener, null, clock));
    }

    Run fresh() {
        Store store = InMemoryStore.withRun(RUN);
        DiscoveryLoop.plantSeeds(store, RUN, LoopFakes.baselines());
        return run(store);
    }

    @Test
    void should_end_within_its_minutes_plus_one_job_and_leave_less_than_a_tenth_unused() {
        Run r = fresh();
        assertEquals(DiscoveryLoop.StopReason.TIME_BUDGET, r.execute(CONFIG));
        double budget = CONFIG.maxMinutes() * 60;
        double spent = r.store().run(RUN).orElseThrow().elapsedMs() / 1e3;
        double longest = r.trials().stream().mapToDouble(TrialRecord::totalSeconds).max().orElseThrow();
        assertTrue(spent <= budget + longest, "spent " + spent + " s of " + budget + " (+ " + longest + ")");
        assertTrue(spent >= 0.9 * budget, "spent " + spent + " s of " + budget + ": more than a tenth left unused");
        assertEquals(RunState.COMPLETED, r.store().run(RUN).orElseThrow().state());
        assertTrue(r.trials().stream().anyMatch(t -> t.fidelity() == 1), "promoted trials ran");
        assertTrue(r.store().events(RUN).stream().anyMatch(e -> e.kind().equals("final")), "the test split was read");
    }

    @Test
    void should_train_every_trial_of_one_fidelity_the_same_steps_whatever_its_speed() {
        Run r = fresh();
        r.execute(CONFIG);
        for (TrialRecord t : r.trials()) {
            if (t.succeeded()) {
                assertEquals(t.fidelity() == 0 ? 1_800L : 3_600L, t.steps(), t.toString());
            } else {
                assertEquals(DiscoveryLoop.PRUNED, t.outcome(), t.toString());
                assertTrue(Set.of(200L, 600L).contains(t.steps()), "pruned at a rung: " + t);
            }
        }
        Set<Double> rates = r.trials().stream().map(TrialRecord::samplesPerSecond).collect(Collectors.toSet());
        assertTrue(rates.size() > 3, "the candidates ran at different speeds: " + rates);
    }

    @Test
    void should_prune_weak_screenings_at_their_rung_with_the_quantile_they_missed_and_never_a_baseline() {
        Run r = fresh();
        r.execute(CONFIG);
        List<TrialRecord> pruned = r.trials().stream().filter(t -> DiscoveryLoop.PRUNED.equals(t.outcome())).toList();
        assertFalse(pruned.isEmpty(), "some proposals were weak at a rung: " + r.listener().lines);
        for (TrialRecord t : pruned) {
            assertTrue(t.message().matches("pruned at rung [12] \\((200|600) of 1800 steps\\): validation accuracy "
                    + "\\d+\\.\\d\\d % is not among the best \\d+ of the \\d+ screenings there \\(top 1/3; the last "
                    + "kept has \\d+\\.\\d\\d %\\)"), t.message());
            assertEquals("evolution", r.store().candidate(t.candidateId()).orElseThrow().proposer());
            assertEquals(0, t.fidelity());
        }
        long screenings = r.trials().stream().filter(t -> t.fidelity() == 0).count();
        assertTrue(pruned.size() < screenings, pruned.size() + " of " + screenings);
    }

    @Test
    void should_resume_a_run_killed_mid_rung_to_exactly_the_trials_of_an_uninterrupted_one() {
        RunConfig config = CONFIG.withBudgets(16, 600, 30, 1_000_000);
        Run whole = fresh();
        whole.execute(config);

        Run killed = fresh();
        killed.runner().killAt = RUN + "-t13";   // a screening, at its first rung
        assertThrows(LoopFakes.Killed.class, () -> {
            try {
                killed.execute(config);
            } catch (IllegalStateException e) {
                throw e.getCause();
            }
        });
        assertEquals(13, killed.trials().size(), "nothing of the trial in flight was stored");
        assertEquals(RunState.RUNNING, killed.store().run(RUN).orElseThrow().state(), "as a SIGKILL leaves it");
        Run resumed = run(killed.store());
        assertEquals(DiscoveryLoop.StopReason.MAX_TRIALS, resumed.execute(config));
        assertEquals(describe(whole.trials()), describe(resumed.trials()));
    }

    static List<String> describe(List<TrialRecord> trials) {
        return trials.stream().map(t -> t.ordinal() + " " + t.candidateId() + " f" + t.fidelity() + " seed " + t.seed()
                + " " + t.outcome() + " " + t.steps()).toList();
    }

    /** CONFIG, then the two best proposals and the best baseline trained 4× the screening with 3 seeds. */
    static final RunConfig FINAL = CONFIG.withFinal(new RunConfig.Final(2, 3, 4,
            new TrialRequest.Recipe(2, true, 0.1f)));

    @Test
    void should_train_the_finalists_alike_with_the_final_recipe_and_read_the_test_split_for_them_only() {
        Run r = fresh();
        assertEquals(DiscoveryLoop.StopReason.TIME_BUDGET, r.execute(FINAL));
        List<TrialRecord> finals = r.trials().stream().filter(t -> t.fidelity() == TrialRecord.FINAL).toList();
        List<String> finalists = FinalTraining.finalists(r.store().candidates(RUN), r.trials(), FINAL).stream()
                .map(c -> c.id()).toList();
        assertEquals(3, finalists.size());
        assertTrue(TrialPlan.isBaseline(r.store().candidate(finalists.get(2)).orElseThrow()), "the baseline is last");
        assertEquals(9, finals.size(), describe(finals).toString());
        Set<Long> seeds = Set.of(FinalTraining.seed(FINAL, 0), FinalTraining.seed(FINAL, 1), FinalTraining.seed(FINAL, 2));
        for (String id : finalists) {
            assertEquals(seeds, finals.stream().filter(t -> t.candidateId().equals(id)).map(TrialRecord::seed)
                    .collect(Collectors.toSet()), "seed for seed: " + id);
        }
        for (TrialRecord t : finals) {
            assertEquals(7_200L, t.steps(), t.toString());
        }
        assertTrue(finals.get(0).ordinal() > r.trials().stream().filter(t -> t.fidelity() != TrialRecord.FINAL)
                .mapToInt(TrialRecord::ordinal).max().orElseThrow(), "the final training comes after search");
        Set<String> finalIds = finals.stream().map(TrialRecord::id).collect(Collectors.toSet());
        for (TrialRequest q : r.runner().requests) {
            assertEquals(finalIds.contains(q.trialId()) ? FINAL.finalTraining().recipe() : TrialRequest.Recipe.NONE,
                    q.recipe(), q.trialId());
        }
        var tested = r.store().finalEvaluations(RUN);
        assertEquals(6, tested.size(), "the selected finalist's and the baseline's seeds");
        assertTrue(tested.stream().allMatch(e -> finalIds.contains(e.trialId())), "only final models are tested");
        var claim = r.store().assessments(RUN).stream()
                .filter(a -> io.archlab.knowledge.AssessmentRecord.FINAL_TEST.equals(a.referenceKind())).toList();
        assertEquals(1, claim.size());
        assertEquals(finalists.get(2), claim.get(0).referenceId());
        assertEquals(3, claim.get(0).seeds());

        double budget = FINAL.maxMinutes() * 60;
        double spent = r.store().run(RUN).orElseThrow().elapsedMs() / 1e3;
        double longest = finals.stream().mapToDouble(TrialRecord::totalSeconds).max().orElseThrow();
        assertTrue(spent <= budget + longest, "spent " + spent + " s of " + budget + " (+ " + longest + ")");
        assertTrue(spent >= 0.9 * budget, "spent " + spent + " s of " + budget + ": more than a tenth left unused");
        List<String> kinds = r.store().events(RUN).stream().map(e -> e.kind()).toList();
        assertTrue(kinds.indexOf("stopped") < kinds.indexOf(FinalTraining.EVENT)
                && kinds.indexOf(FinalTraining.EVENT) < kinds.indexOf("final"), kinds.toString());
    }

    @Test
    void should_resume_a_run_killed_in_its_final_training_to_exactly_the_trials_of_an_uninterrupted_one() {
        RunConfig config = FINAL.withBudgets(16, 600, 30, 1_000_000);
        Run whole = fresh();
        assertEquals(DiscoveryLoop.StopReason.MAX_TRIALS, whole.execute(config));
        TrialRecord second = whole.trials().stream().filter(t -> t.fidelity() == TrialRecord.FINAL).skip(1)
                .findFirst().orElseThrow();

        Run killed = fresh();
        killed.runner().killAt = second.id();
        assertThrows(LoopFakes.Killed.class, () -> {
            try {
                killed.execute(config);
            } catch (IllegalStateException e) {
                throw e.getCause();
            }
        });
        assertEquals(second.ordinal(), killed.trials().size());
        Run resumed = run(killed.store());
        assertEquals(DiscoveryLoop.StopReason.MAX_TRIALS, resumed.execute(config));
        assertEquals(describe(whole.trials()), describe(resumed.trials()));
        assertEquals(1, resumed.store().events(RUN).stream().filter(e -> e.kind().equals("stopped")).count());
        assertEquals(whole.store().finalEvaluations(RUN).stream().map(e -> e.trialId()).toList(),
                resumed.store().finalEvaluations(RUN).stream().map(e -> e.trialId()).toList());
    }

    @Test
    void should_train_as_many_trials_at_once_as_it_has_slots_and_never_more() {
        Run r = fresh();
        r.runner().together = new CountDownLatch(3);
        assertEquals(DiscoveryLoop.StopReason.MAX_TRIALS, r.execute(CONFIG.withBudgets(12, 600, 30, 1_000_000)
                .withParallel(3)));
        assertEquals(3, r.runner().mostInFlight.get());
        assertEquals(12, r.trials().size());
        assertEquals(r.trials().size(), r.trials().stream().map(TrialRecord::ordinal).distinct().count());
    }

    @Test
    void should_stop_on_a_signal_and_leave_the_run_resumable() {
        Run r = fresh();
        r.loop().requestStop();
        assertEquals(DiscoveryLoop.StopReason.INTERRUPTED, r.execute(CONFIG));
        assertEquals(RunState.INTERRUPTED, r.store().run(RUN).orElseThrow().state());
        assertEquals(List.of(), r.trials());
        assertTrue(r.runner().requests.isEmpty(), "no trial started");
    }
}
