package io.archlab.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.RunState;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import io.archlab.knowledge.TrialRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscoveryLoopTest {
    @TempDir
    Path home;

    static RunConfig small(int trials) {
        return RunConfig.defaults().withData("subset", false).withBudgets(trials, 10, 0.6, 300_000)
                .withTaskAndSeed("fashion-mnist", 11);
    }

    @Test
    void should_train_baselines_then_evolved_children_and_evaluate_the_best_on_test() {
        List<String> lines = new ArrayList<>();
        try (Store store = Stores.openHome(home)) {
            RunLauncher launcher = new RunLauncher(store, home, recorder(lines));
            String runId = launcher.start(small(5));
            RunRecord run = store.run(runId).orElseThrow();
            assertEquals(RunState.COMPLETED, run.state());
            List<TrialRecord> trials = store.trials(runId);
            List<CandidateRecord> cands = store.candidates(runId);
            assertEquals(5, trials.size());
            assertEquals(List.of("baseline", "baseline", "baseline", "evolution", "evolution"),
                    cands.stream().map(CandidateRecord::proposer).toList());
            for (CandidateRecord c : cands.subList(3, 5)) {
                assertNotNull(c.parentId(), c.name());
                assertTrue(c.source().contains("implements Architecture"));
                assertNotNull(c.irHash());
            }
            assertNull(cands.get(0).parentId());
            assertTrue(trials.stream().filter(TrialRecord::succeeded).count() >= 3);
            RunConfig.Compute compute = RunConfig.fromJson(run.configJson()).compute();
            assertTrue(compute.decided(), "the compute was decided before the first trial and stored: " + compute);
            assertEquals(java.util.Set.of(compute.steps()), trials.stream().filter(TrialRecord::succeeded)
                    .map(TrialRecord::steps).collect(java.util.stream.Collectors.toSet()),
                    "every screening trained the run's steps, whatever the model's speed");
            assertEquals(3, compute.calibratedOn().size(), "measured on the three baselines: " + compute);

            RunSummary s = RunSummaries.of(store, run);
            assertEquals("completed", s.state());
            assertNotNull(s.best());
            assertNotNull(s.best().testAccuracy(), "the best candidate was evaluated on the test split");
            // the steps come from this machine's measured pace, so how far they get depends on its load: above chance
            assertTrue(s.best().valAccuracy() > 0.1, "best val " + s.best().valAccuracy());
            assertTrue(lines.stream().anyMatch(l -> l.contains("shipped Fashion-MNIST subset")), lines.toString());
            assertEquals(List.of("started", "compute", "trial", "trial", "trial", "trial", "trial", "stopped", "final",
                    "completed"), store.events(runId).stream().map(e -> e.kind()).toList());

            RunException again = assertThrows(RunException.class, () -> launcher.resume(runId));
            assertTrue(again.getMessage().contains("already completed"));
            assertFalse(assertThrows(RunException.class, () -> launcher.resume("nope")).getMessage().isBlank());
        }
    }

    @Test
    void should_screen_promote_retrain_with_seeds_and_judge_each_promoted_candidate_with_equal_compute_on_a_loaded_machine()
            throws Exception {
        try (Store store = Stores.openHome(home)) {
            RunConfig cfg = RunConfig.defaults().withData("subset", false).withBudgets(22, 20, 0.4, 300_000)
                    .withTaskAndSeed("fashion-mnist", 5).withEvaluation(new RunConfig.Evaluation(3, 4, 4, 1.5, 1));
            String runId;
            // a CPU hog beside the run, as a user's other work would be: it changes how long trials take, not
            // how much they train
            java.util.concurrent.atomic.AtomicBoolean hogging = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread hog = new Thread(() -> {
                double x = 0;
                while (hogging.get()) {
                    x += Math.sqrt(x + 1);
                }
            }, "cpu-hog");
            hog.setDaemon(true);
            hog.start();
            try {
                runId = new RunLauncher(store, home, recorder(new ArrayList<>())).start(cfg);
            } finally {
                hogging.set(false);
                hog.join();
            }
            List<TrialRecord> trials = store.trials(runId);
            RunConfig.Compute compute = RunConfig.fromJson(store.run(runId).orElseThrow().configJson()).compute();
            for (int fidelity = 0; fidelity <= 1; fidelity++) {
                int f = fidelity;
                assertEquals(java.util.Set.of(fidelity == 0 ? compute.steps() : Math.round(compute.steps() * 1.5)),
                        trials.stream().filter(t -> t.fidelity() == f && t.succeeded()).map(TrialRecord::steps)
                                .collect(java.util.stream.Collectors.toSet()),
                        "every seed, candidate and reference at fidelity " + fidelity + " trained the same steps");
            }
            List<CandidateRecord> cands = store.candidates(runId);
            assertEquals("random", cands.get(3).proposer(), "the random sample comes first after the baselines");

            java.util.Map<String, Long> seeds = trials.stream().filter(t -> t.fidelity() == 1).collect(
                    java.util.stream.Collectors.groupingBy(TrialRecord::candidateId, java.util.stream.Collectors.counting()));
            assertFalse(seeds.isEmpty(), "a round was promoted");
            assertTrue(seeds.values().stream().filter(n -> n == 3).count() >= 2, "references and candidates: " + seeds);
            assertTrue(seeds.values().stream().allMatch(n -> n <= 3), seeds.toString());
            assertEquals(trials.stream().filter(t -> t.fidelity() == 1).map(TrialRecord::seed).distinct().count(),
                    trials.stream().filter(t -> t.fidelity() == 1).count(), "every re-training has its own seed");

            List<io.archlab.knowledge.AssessmentRecord> overall = store.assessments(runId).stream()
                    .filter(a -> a.referenceKind().equals("overall")).toList();
            assertFalse(overall.isEmpty(), "a promoted candidate was judged");
            for (io.archlab.knowledge.AssessmentRecord a : overall) {
                assertEquals(3, a.seeds());
                assertTrue(a.verdict().equals("discovery") || a.verdict().equals("not_a_discovery"), a.verdict());
                assertTrue(a.ciLow() <= a.mean() && a.mean() <= a.ciHigh(), a.toString());
            }
            // the test split: every promoted model of the candidate with the best promoted mean, and the best
            // baseline's models as the reference
            java.util.Map<String, Double> means = trials.stream().filter(t -> t.fidelity() == 1 && t.succeeded())
                    .collect(java.util.stream.Collectors.groupingBy(TrialRecord::candidateId,
                            java.util.stream.Collectors.averagingDouble(TrialRecord::valAccuracy)));
            String selected = means.entrySet().stream().filter(e -> trials.stream().filter(t -> t.fidelity() == 1
                    && t.succeeded() && t.candidateId().equals(e.getKey())).count() >= 3)
                    .max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
            List<io.archlab.knowledge.FinalEvaluationRecord> finals = store.finalEvaluations(runId);
            assertEquals(trials.stream().filter(t -> t.fidelity() == 1 && t.succeeded()
                    && t.candidateId().equals(selected)).map(TrialRecord::id).sorted().toList(),
                    finals.stream().filter(f -> f.candidateId().equals(selected))
                            .map(io.archlab.knowledge.FinalEvaluationRecord::trialId).sorted().toList());
            assertTrue(finals.stream().map(io.archlab.knowledge.FinalEvaluationRecord::candidateId).distinct().count() <= 2);
            assertTrue(store.events(runId).stream().anyMatch(e -> e.kind().equals("final")
                    && e.message().contains("mean test accuracy") && e.message().contains("over 3 seeds")),
                    store.events(runId).toString());
            for (CandidateRecord c : cands) {
                if ("evolution".equals(c.proposer()) && c.irJson() != null) {
                    List<io.archlab.knowledge.LineageEdge> up = store.lineage(c.id());
                    assertEquals(c.parentId(), up.get(0).parentId());
                    assertFalse(up.get(0).diffSummary().isBlank());
                    assertTrue(c.generation() >= 1);
                    assertNotNull(c.macs());
                    io.archlab.knowledge.Store.Novelty n = store.novelty(c.id()).orElseThrow();
                    assertNotNull(n.nearestId());
                    assertTrue(n.structuralDistance() >= 1, "a traced candidate differs from every earlier one: "
                            + c.name() + " (" + c.changeSummary() + ", " + c.irHash() + ") and " + store.candidate(
                            n.nearestId()).map(k -> k.name() + " (" + k.irHash() + ")\n" + k.irJson() + "\n"
                            + c.irJson()).orElse("?"));
                }
            }
        }
    }

    static LoopListener recorder(List<String> lines) {
        return new LoopListener() {
            @Override
            public void trialStarted(int ordinal, int maxTrials, CandidateRecord candidate) {
                lines.add("start " + ordinal);
            }

            @Override
            public void trialFinished(int ordinal, int maxTrials, CandidateRecord candidate, TrialRecord trial) {
                lines.add("done " + ordinal + " " + trial.outcome());
            }

            @Override
            public void info(String message) {
                lines.add(message);
            }
        };
    }
}
