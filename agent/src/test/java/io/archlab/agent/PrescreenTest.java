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

/** Pre-screening of proposals by a zero-cost proxy: the setting, its threshold, and a real run with it. */
class PrescreenTest {
    @TempDir
    Path home;

    @Test
    void should_parse_the_proxy_and_the_share_kept() {
        assertEquals(new RunConfig.Prescreen("naswot", 0.5), RunConfig.Prescreen.parse("naswot"));
        assertEquals(new RunConfig.Prescreen("synflow", 0.3), RunConfig.Prescreen.parse("SYNFLOW:0.3"));
        assertEquals("grad_norm", RunConfig.Prescreen.parse("grad_norm:0.25").proxy());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunConfig.Prescreen.parse("jacov"))
                .getMessage().contains("naswot"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunConfig.Prescreen.parse("naswot:1"))
                .getMessage().contains("(0, 1)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunConfig.Prescreen.parse("naswot:half"))
                .getMessage().contains("number"));
    }

    @Test
    void should_keep_the_setting_in_the_stored_configuration_and_read_old_ones_without_it() {
        RunConfig on = RunConfig.defaults().withPrescreen(RunConfig.Prescreen.parse("naswot:0.4"));
        assertEquals(on, RunConfig.fromJson(on.toJson()));
        String old = RunConfig.defaults().toJson().replace(",\"prescreen\":null", "");
        assertFalse(old.contains("prescreen"), old);
        assertNull(RunConfig.fromJson(old).prescreen());
        assertEquals(on.prescreen(), on.withParallel(2).withBudgets(3, 1, 1, 1000).withEvaluation(
                RunConfig.Evaluation.OFF).withData("subset", true).withTaskAndSeed("mqar", 3).prescreen());
    }

    @Test
    void should_put_the_threshold_at_the_nearest_rank_quantile_ranking_infinite_scores() {
        double[] h = {5, 1, 9, 3, 7, 2, 8, 4, 10, 6};
        assertEquals(6, Prescreener.threshold(h, 0.5), "5 of 10 below");
        assertEquals(8, Prescreener.threshold(h, 0.25), "7 of 10 below: about a quarter kept");
        assertEquals(1, Prescreener.threshold(h, 0.99));
        double[] dead = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, 400, 500};
        assertEquals(Double.NEGATIVE_INFINITY, Prescreener.threshold(dead, 0.5));
        assertEquals(400, Prescreener.threshold(dead, 0.4));
        assertThrows(IllegalArgumentException.class, () -> Prescreener.threshold(new double[0], 0.5));
    }

    /** A candidate at {@code ordinal}: an MLP with {@code width} hidden units, traced. */
    static CandidateRecord mlp(int ordinal, int width) throws Exception {
        String src = "import io.archlab.sandbox.dsl.*;\npublic final class W" + width + " implements Architecture {\n"
                + "  public Tensor forward(Net n, Tensor x) {\n    return n.linear(n.linear(x.flatten(), " + width
                + ").relu(), 10);\n  }\n}\n";
        io.archlab.sandbox.ir.Graph g = new io.archlab.sandbox.compile.DslFrontEnd(
                new io.archlab.sandbox.compile.DslCompiler()).toIr(src, io.archlab.sandbox.data.Task.FASHION_MNIST);
        return new CandidateRecord("c" + ordinal, "r", ordinal, "W" + width, "evolution", null, "", src,
                io.archlab.sandbox.ir.IrJson.toJson(g), "h" + ordinal, g.params(), null, null, 1, g.macs(),
                java.time.Instant.now());
    }

    @Test
    void should_judge_against_earlier_candidates_within_budget_only() throws Exception {
        io.archlab.sandbox.proxies.ZeroCostProxies proxies = new io.archlab.sandbox.proxies.ZeroCostProxies(
                io.archlab.sandbox.proxies.MiniBatch.first(
                        io.archlab.sandbox.data.FashionMnist.shippedSubset().toTaskData().train(), 16, 1), 1);
        Prescreener p = new Prescreener(RunConfig.Prescreen.parse("params:0.5"), proxies,
                new io.archlab.sandbox.analysis.Budgets(100_000, 0, 0));
        List<CandidateRecord> run = new ArrayList<>();
        for (int w : new int[] {8, 16, 24, 256, 32, 40}) {
            run.add(mlp(run.size(), w));
        }
        CandidateRecord c = mlp(run.size(), 28);
        io.archlab.sandbox.ir.Graph g = io.archlab.sandbox.ir.IrJson.fromJson(c.irJson());
        run.add(c);

        Prescreener.Verdict v = p.judge(run, c, g);
        assertEquals(5, v.history(), "the 256-wide MLP is over the 100k budget");
        assertEquals(run.get(2).params(), v.threshold(), 1e-9, "the median of 8, 16, 24, 32, 40 hidden units");
        assertFalse(v.skip(), v.message());   // with the over-budget one, the threshold would be the 32-wide one's

        io.archlab.sandbox.analysis.Budgets budgets = new io.archlab.sandbox.analysis.Budgets(100_000, 0, 0);
        Prescreener.Verdict naswot = new Prescreener(RunConfig.Prescreen.parse("naswot:0.5"), proxies, budgets)
                .judge(run, c, g);
        assertEquals(naswot, new Prescreener(RunConfig.Prescreen.parse("naswot:0.5"), proxies, budgets).judge(run, c, g),
                "a resumed run recomputes the same history from the stored IRs");

        CandidateRecord narrow = mlp(run.size(), 12);
        Prescreener.Verdict skip = p.judge(run, narrow, io.archlab.sandbox.ir.IrJson.fromJson(narrow.irJson()));
        assertTrue(skip.skip(), skip.message());
        assertEquals(6, skip.history(), "the 28-wide one is earlier now");
        assertTrue(skip.message().startsWith("params 9550 < ") && skip.message().contains("50% quantile of 6 earlier"),
                skip.message());

        Prescreener.Verdict early = p.judge(run.subList(0, 4), run.get(4), io.archlab.sandbox.ir.IrJson.fromJson(
                run.get(4).irJson()));
        assertFalse(early.skip());
        assertTrue(early.message().contains("only 3 earlier candidates scored (5 needed)"), early.message());
    }

    @Test
    void should_skip_proposals_below_the_quantile_record_them_and_still_train_the_trial_budget() {
        RunConfig cfg = RunConfig.defaults().withData("subset", false).withBudgets(8, 10, 1.0, 300_000)
                .withTaskAndSeed("fashion-mnist", 3).withEvaluation(RunConfig.Evaluation.OFF)
                .withPrescreen(RunConfig.Prescreen.parse("params:0.2"));
        try (Store store = Stores.openHome(home)) {
            List<String> lines = new ArrayList<>();
            String runId = new RunLauncher(store, home, DiscoveryLoopTest.recorder(lines)).start(cfg);
            RunRecord run = store.run(runId).orElseThrow();
            assertEquals(RunState.COMPLETED, run.state());
            List<TrialRecord> trials = store.trials(runId);
            List<CandidateRecord> cands = store.candidates(runId);
            List<TrialRecord> skipped = trials.stream().filter(t -> t.outcome().equals("prescreened")).toList();
            assertFalse(skipped.isEmpty(), "keeping a fifth, some proposal is skipped: " + lines);
            assertEquals(8, trials.size() - skipped.size(), "skips do not count against the trial budget");
            for (TrialRecord t : skipped) {
                CandidateRecord c = store.candidate(t.candidateId()).orElseThrow();
                assertEquals("evolution", c.proposer(), "baselines are never pre-screened");
                assertEquals("PRESCREEN", t.failureStage());
                assertNull(t.valAccuracy());
                assertNull(t.weightsPath());
                assertNotNull(c.irJson(), "a skipped proposal's IR is stored");
                double[] earlier = cands.stream().filter(k -> k.ordinal() < c.ordinal() && k.params() != null)
                        .mapToDouble(CandidateRecord::params).toArray();
                assertTrue(earlier.length >= Prescreener.MIN_HISTORY);
                assertTrue(c.params() < Prescreener.threshold(earlier, 0.2), t.message());
                assertTrue(t.message().startsWith("params ") && t.message().contains("not trained"), t.message());
            }
            assertEquals(skipped.size(), store.events(runId).stream().filter(e -> e.kind().equals("prescreen"))
                    .count());
            List<String> ranked = RunSummaries.leaderboard(store, run).stream()
                    .map(e -> e.candidate().candidateId()).toList();
            assertTrue(skipped.stream().noneMatch(t -> ranked.contains(t.candidateId())), "no skip is ranked");
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("pre-screen:")), lines.toString());
        }
    }

    @Test
    void should_refuse_a_prescreen_over_parallel_trials_in_this_process() {
        RunConfig cfg = RunConfig.defaults().withData("subset", false).withParallel(2)
                .withPrescreen(RunConfig.Prescreen.parse("naswot"));
        try (Store store = Stores.openHome(home)) {
            RunException e = assertThrows(RunException.class,
                    () -> new RunLauncher(store, home, DiscoveryLoopTest.recorder(new ArrayList<>())).start(cfg));
            assertTrue(e.getMessage().contains("worker"), e.getMessage());
            assertTrue(store.runs().isEmpty(), "refused before the run is created");
        }
    }
}
