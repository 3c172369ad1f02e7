package io.archlab.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.FinalEvaluationRecord;
import io.archlab.knowledge.RunState;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import io.archlab.knowledge.TrialRecord;
import io.archlab.sandbox.ir.IrJson;
import io.archlab.sandbox.nb201.Nb201Arch;
import io.archlab.sandbox.nb201.Nb201Dataset;
import io.archlab.sandbox.nb201.Nb201Ir;
import io.archlab.sandbox.nb201.Nb201Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery runs on the nb201 task, in process, on the real NAS-Bench-201 tables (from
 * {@code archlab.nb201.dir}, default {@code /work/shared/data/nb201}; skipped, saying so, when absent).
 */
class Nb201RunTest {
    static final Path DIR = Path.of(System.getProperty("archlab.nb201.dir", "/work/shared/data/nb201"));
    private static Nb201Table table;

    @TempDir
    Path home;

    static Path tableFile() {
        Path p = DIR.resolve("nb201_12epoch_minibench_BayesWatch.csv");
        assumeTrue(Files.isRegularFile(p), "NAS-Bench-201 table not found at " + p + " (set -Darchlab.nb201.dir)");
        return p;
    }

    static synchronized Nb201Table table() {
        if (table == null) {
            table = Nb201Table.load(tableFile());
        }
        return table;
    }

    static RunConfig nb201(int trials, String proposer, long seed) {
        return RunConfig.defaults().withData(tableFile().toString(), false).withBudgets(trials, 30, 1, 2_000_000)
                .withTaskAndSeed("nb201", seed).withEvaluation(RunConfig.Evaluation.OFF).withProposer(proposer, null)
                .withNb201("cifar10", null, null, 0);
    }

    static Nb201Arch cell(CandidateRecord c) {
        return Nb201Ir.archOf(IrJson.fromJson(c.irJson()));
    }

    @Test
    void should_run_evolution_inside_the_space_with_the_tables_validation_and_the_selected_cells_test_accuracy() {
        try (Store store = Stores.openHome(home)) {
            String runId = new RunLauncher(store, home, DiscoveryLoopTest.recorder(new ArrayList<>()))
                    .start(nb201(30, "evolve", 3));
            assertEquals(RunState.COMPLETED, store.run(runId).orElseThrow().state());
            List<TrialRecord> trials = store.trials(runId);
            Map<String, CandidateRecord> byId = store.candidates(runId).stream()
                    .collect(Collectors.toMap(CandidateRecord::id, c -> c));
            assertEquals(30, trials.size());
            Set<Nb201Arch> cells = new HashSet<>();
            for (TrialRecord t : trials) {
                assertTrue(t.succeeded(), t.outcome() + ": " + t.message());
                CandidateRecord c = byId.get(t.candidateId());
                Nb201Arch cell = cell(c);
                assertEquals(table().validation(Nb201Dataset.CIFAR10, cell) / 100, t.valAccuracy(), 1e-9,
                        c.name() + ": the table's validation accuracy");
                assertNull(t.weightsPath() != null && Files.exists(Path.of(t.weightsPath())) ? "weights" : null,
                        "nothing was trained");
                assertTrue(cells.add(cell), "no cell is evaluated twice: " + cell);
            }
            assertEquals(List.of("baseline", "baseline", "baseline"), store.candidates(runId).subList(0, 3).stream()
                    .map(CandidateRecord::proposer).toList());
            assertTrue(store.candidates(runId).subList(3, 30).stream().allMatch(c -> c.proposer().equals("evolution")
                    && c.parentId() != null && c.changeSummary().startsWith("edge ")));

            TrialRecord best = trials.stream().max((a, b) -> Double.compare(a.valAccuracy(), b.valAccuracy()))
                    .orElseThrow();
            FinalEvaluationRecord f = store.finalEvaluations(runId).get(0);
            assertEquals(best.candidateId(), f.candidateId(), "the selected cell is the best by validation");
            assertEquals(table().test(Nb201Dataset.CIFAR10, cell(byId.get(best.candidateId()))) / 100,
                    f.testAccuracy(), 1e-9, "its test accuracy is the table's test column");
            assertEquals(10_000, f.testCount());
        }
    }

    @Test
    void should_sample_uniform_cells_with_the_random_proposer_and_keep_to_a_latency_limit() {
        try (Store store = Stores.openHome(home)) {
            RunConfig cfg = nb201(15, "random", 4).withNb201("cifar100",
                    DIR.resolve("nb201_latency_27devices_HELP.csv").toString(), "fpga", 4.0);
            assumeTrue(Files.isRegularFile(Path.of(cfg.latencyTable())), "no latency table");
            String runId = new RunLauncher(store, home, DiscoveryLoopTest.recorder(new ArrayList<>())).start(cfg);
            List<TrialRecord> trials = store.trials(runId);
            assertEquals(15, trials.size());
            List<CandidateRecord> cands = store.candidates(runId);
            assertTrue(cands.subList(3, 15).stream().allMatch(c -> c.proposer().equals("random")
                    && c.parentId() == null));
            boolean over = false;
            for (TrialRecord t : trials) {
                if (t.succeeded()) {
                    assertTrue(t.latencyMs() <= 4.0, "within the limit: " + t.latencyMs());
                    assertEquals(table().validation(Nb201Dataset.CIFAR100, cell(cands.get(t.ordinal()))) / 100,
                            t.valAccuracy(), 1e-9);
                } else {
                    assertEquals("over_budget", t.outcome(), t.message());
                    assertTrue(t.message().contains("ms on fpga exceeds the limit of 4.000 ms"), t.message());
                    over = true;
                }
            }
            assertTrue(over || trials.stream().allMatch(TrialRecord::succeeded), "over-limit cells fail as over budget");
        }
    }

    @Test
    void should_refuse_to_start_without_a_table() {
        try (Store store = Stores.openHome(home)) {
            RunConfig cfg = RunConfig.defaults().withTaskAndSeed("nb201", 1);
            RunException e = assertThrows(RunException.class, () -> new RunLauncher(store, home,
                    DiscoveryLoopTest.recorder(new ArrayList<>())).start(cfg));
            assertTrue(e.getMessage().contains("nb201 needs --data FILE"), e.getMessage());
            assertFalse(store.runs().stream().anyMatch(r -> r.task().equals("nb201")));
        }
    }
}
