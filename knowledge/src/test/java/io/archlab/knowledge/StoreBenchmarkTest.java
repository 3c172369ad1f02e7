package io.archlab.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store benchmark's behaviour on a small run; its timings are not asserted. */
class StoreBenchmarkTest {
    @TempDir
    Path home;

    @Test
    void should_fill_one_run_and_time_each_operation_on_what_it_loaded() {
        try (Store store = Stores.openHome(home)) {
            StoreBenchmark.Result r = StoreBenchmark.run(store, 200, 3, 5, 7);

            assertEquals(200, store.candidateCount(r.runId()));
            assertEquals(600, store.trialCount(r.runId()));
            assertEquals(600, r.trials());
            assertEquals(r.lineageEdges(), store.lineageOfRun(r.runId()).size());
            assertEquals(r.succeededTrials(), store.trials(r.runId()).stream().filter(TrialRecord::succeeded).count());
            assertTrue(r.succeededTrials() > 400 && r.succeededTrials() < 600, "about 85 % succeed");

            List<LineageEdge> lineage = store.lineage(r.lineageCandidateId());
            assertEquals(r.lineageDepth(), lineage.size());
            assertTrue(r.lineageDepth() > 1, "the timed candidate has ancestors");
            assertEquals(r.lineageCandidateId(), lineage.get(0).childId());
            assertEquals(r.lineageDepth(), store.candidate(r.lineageCandidateId()).orElseThrow().generation());

            assertEquals(List.of("leaderboard (top 20)", "Pareto front (summaries + filter)",
                    "lineage of the deepest candidate", "run resume (run, counts, top 64)"),
                    r.timings().stream().map(StoreBenchmark.Timing::operation).toList());
            assertTrue(r.timings().stream().allMatch(t -> t.p95Ms() >= t.medianMs() && t.medianMs() >= 0));
            String table = StoreBenchmark.table(r);
            assertTrue(table.contains("lineage of the deepest candidate") && table.contains("load through"), table);
        }
    }

    @Test
    void should_keep_on_the_pareto_front_exactly_the_candidates_nothing_dominates() {
        try (Store store = Stores.openHome(home)) {
            StoreBenchmark.Result r = StoreBenchmark.run(store, 200, 3, 1, 11);
            List<CandidateSummary> all = store.summaries(r.runId()).stream()
                    .filter(k -> k.bestValAccuracy() != null).toList();
            List<CandidateSummary> front = StoreBenchmark.paretoFront(store.summaries(r.runId()));

            assertFalse(front.isEmpty());
            assertEquals(r.frontSize(), front.size());
            for (CandidateSummary k : all) {
                boolean dominated = all.stream().anyMatch(o -> StoreBenchmark.dominates(o, k));
                assertEquals(!dominated, front.contains(k), k.id());
            }
        }
    }

    @Test
    void should_neither_let_equal_points_dominate_each_other_nor_keep_a_dominated_one() {
        CandidateSummary a = summary("a", 0, 0.90, 100, 1000);
        CandidateSummary twin = summary("twin", 1, 0.90, 100, 1000);
        CandidateSummary cheaper = summary("cheaper", 2, 0.90, 100, 900);
        CandidateSummary worse = summary("worse", 3, 0.80, 200, 2000);
        CandidateSummary small = summary("small", 4, 0.70, 10, 100);

        assertEquals(List.of("a", "twin", "small"), StoreBenchmark.paretoFront(List.of(a, twin, worse, small))
                .stream().map(CandidateSummary::id).toList());
        assertEquals(List.of("cheaper"), StoreBenchmark.paretoFront(List.of(a, twin, cheaper)).stream()
                .map(CandidateSummary::id).toList());
    }

    private static CandidateSummary summary(String id, int ordinal, double val, long params, long macs) {
        return new CandidateSummary(id, ordinal, id, "evolution", null, 0, params, macs, val, null, 1);
    }
}
