package io.archlab.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.agent.RunConfig;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.FinalEvaluationRecord;
import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.RunState;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import io.archlab.knowledge.TrialRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownReportTest {
    static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void should_report_leaderboard_best_source_failures_and_budgets_from_the_store(@TempDir Path home)
            throws Exception {
        try (Store store = Stores.openHome(home)) {
            RunConfig cfg = RunConfig.defaults().withBudgets(10, 5, 12, 150_000);
            store.createRun(new RunRecord("r", "fashion-mnist", RunState.COMPLETED, 1, cfg.toJson(), "{\"java\":\"17\"}",
                    "shipped subset", "{\"x.gz\":\"abc\"}", null, null, 90_000, T, T));
            store.saveCandidate(cand("a", 0, null, 120_000L, "public final class A {}"));
            store.saveCandidate(cand("b", 1, "a", 140_000L, "public final class B { /* best */ }"));
            store.saveCandidate(cand("c", 2, "a", 200_000L, "public final class C {}"));
            store.saveCandidate(cand("d", 3, "b", null, "broken | source"));
            store.recordTrial(trial("a", 0, 0.80), 1);
            store.recordTrial(trial("b", 1, 0.8512), 1);
            store.recordTrial(trial("c", 2, 0.90), 1);
            store.recordTrial(new TrialRecord("t3", "r", "d", 3, 1, 12, "shape_error", "TRACE",
                    "line 4: add needs equal shapes", null, null, null, null, null, 0.2, null, "[]", null, null, null, 0, null, T, T), 1);
            store.saveFinalEvaluation(new FinalEvaluationRecord("r", "b", "t1", 0.8437, 1000, T));
            store.recordLlmExchange(new io.archlab.knowledge.LlmExchangeRecord(0, "r", "b", "researcher", "m", "p",
                    "a", 1000, 200, 1500, 0.0012, null, T));
            store.recordLlmExchange(new io.archlab.knowledge.LlmExchangeRecord(0, "r", null, "researcher", "m", "p",
                    null, null, null, 30_000, null, "timeout: no answer", T));
            store.addInsight(new io.archlab.knowledge.InsightRecord(0, "r", "b", "analyst", "Wider convs helped.", T),
                    null, null);
            store.saveAssessment(new io.archlab.knowledge.AssessmentRecord("r", "b", "b", "overall", "discovery", 3,
                    0.86, 0.85, 0.87, 0.80, 0.004, "discovery: better by 6.0 pp", T));

            String md = Files.readString(MarkdownReport.write(store, "r", home.resolve("out")));
            for (String section : new String[] {"## Summary", "## Leaderboard", "## Best candidate: B",
                    "## Trials", "## Failures", "## Reproducibility"}) {
                assertTrue(md.contains(section), section);
            }
            assertTrue(md.contains("| 1 | B | evolution | 140,000 | 85.12% | 84.37% |"), md);
            assertTrue(md.contains("| 2 | A | evolution | 120,000 | 80.00% |  |"), md);
            assertTrue(!md.contains("| C | evolution | 200,000 | 90.00%"), "over-budget candidate is not ranked");
            assertTrue(md.contains("public final class B { /* best */ }"));
            assertTrue(md.contains("trial 3 (D): shape_error at TRACE: line 4: add needs equal shapes"), md);
            assertTrue(md.contains("4 of 10 (3 succeeded)"));
            assertTrue(md.contains("1.5 of 5.0 min"), md);
            assertTrue(md.contains("--budget-params 150000 --seed 1"), md);
            assertEquals(1, md.split("## Best candidate", -1).length - 1);
            assertTrue(md.contains("| B | **discovery** | 3 | 86.00% | [85.00%, 87.00%] | 80.00% |"), md);
            assertTrue(md.contains("| researcher | 2 | 1 | 1,000 | 200 | 0.0012 | 30.00 |"), md);
            assertTrue(md.contains("- **B**: Wider convs helped."), md);
            String front = md.substring(md.indexOf("## Pareto front"), md.indexOf("## Best candidate"));
            assertTrue(front.contains("| C | 90.00% | 200,000 | 2,000,000 |") && front.contains("| B | 85.12% |")
                    && front.contains("| A | 80.00% |") && !front.contains("| D |"), front);
        }
    }

    static CandidateRecord cand(String id, int ordinal, String parent, Long params, String src) {
        return new CandidateRecord(id, "r", ordinal, id.toUpperCase(), "evolution", parent, "widen", src,
                params == null ? null : "{}", params == null ? null : "h" + id, params, null, null, 0,
                params == null ? null : params * 10, T);
    }

    static TrialRecord trial(String cand, int ordinal, double acc) {
        return new TrialRecord("t" + ordinal, "r", cand, ordinal, 1, 12, "succeeded", null, null, acc, 0.4, 2.0,
                100L, 11.0, 12.0, 1000.0, "[]", null, 0.8, 900_000_000L, 0, "worker pid 1", T, T);
    }
}
