package io.archlab.reports;

import io.archlab.agent.RunConfig;
import io.archlab.agent.llm.LlmConfig;
import io.archlab.knowledge.AssessmentRecord;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.FinalEvaluationRecord;
import io.archlab.knowledge.InsightRecord;
import io.archlab.knowledge.LineageEdge;
import io.archlab.knowledge.LlmExchangeRecord;
import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.RunState;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.TrialRecord;
import java.time.Instant;

/**
 * Runs written straight into a store, shaped like real ones: an LLM run with baselines, random
 * samples, an evolved line that ends in a discovery, failures, repairs and hostile text; a run in
 * which every trial crashed; a run that has not finished a trial.
 */
public final class SeededRuns {
    /** The LLM run. */
    public static final String RUN = "run-llm";
    /** The run in which every trial failed. */
    public static final String DEAD = "run-dead";
    /** The run with no trial yet. */
    public static final String EMPTY = "run-empty";
    /** A candidate name an LLM could write to attack a report. */
    public static final String HOSTILE = "<img src=x onerror=alert(1)>|`**x**";
    static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

    private int trialOrdinal;
    private final Store store;
    private final String runId;

    private SeededRuns(Store store, String runId) {
        this.store = store;
        this.runId = runId;
    }

    /** Writes all three runs. */
    public static void seed(Store store) {
        llmRun(store);
        deadRun(store);
        RunConfig cfg = RunConfig.defaults().withBudgets(10, 5, 10, 100_000);
        store.createRun(new RunRecord(EMPTY, "fashion-mnist", RunState.RUNNING, 3, cfg.toJson(), "{\"archlab\":\"t\"}",
                "shipped subset", "{}", null, null, 0, T, T));
    }

    static void llmRun(Store store) {
        RunConfig cfg = RunConfig.defaults().withBudgets(40, 30, 10, 100_000)
                .withEvaluation(new RunConfig.Evaluation(3, 3, 6, 2, 4))
                .withProposer("llm", LlmConfig.of("openai:test-model", "http://127.0.0.1:9/v1").withLimits(2.5, 0));
        store.createRun(new RunRecord(RUN, "fashion-mnist", RunState.COMPLETED, 7, cfg.toJson(),
                "{\"archlab\":\"0.1.0-SNAPSHOT\",\"java\":\"17.0.12 (Debian)\",\"djl\":\"0.35.1\",\"engine\":"
                        + "\"PyTorch 2.7.1\"}", "/usr/share/datasets/fashion-mnist",
                "{\"train-images-idx3-ubyte.gz\":\"3aede38d\",\"t10k-images-idx3-ubyte.gz\":\"346e55b9\"}", null, null,
                1_260_000, T, T));
        SeededRuns s = new SeededRuns(store, RUN);
        s.cand("b0", 0, "Baseline CNN", "baseline", null, 60_000L, "seed", null);
        s.cand("b1", 1, "Baseline MLP", "baseline", null, 90_000L, "seed", null);
        for (int i = 0; i < 4; i++) {
            s.cand("r" + i, 2 + i, "Random" + i, "random", null, 20_000L + 15_000L * i, "random sample", null);
        }
        s.cand("e1", 6, "Wider", "llm", "b0", 70_000L, "widen the first conv", "More channels early help.");
        s.cand("e2", 7, "Wider SE", "llm", "e1", 75_000L, "squeeze-excitation", "Channel attention is cheap.");
        s.cand("e3", 8, HOSTILE, "llm", "e2", 80_000L, "depthwise separable block",
                "Depthwise blocks buy depth for few params.");
        s.cand("x", 9, "Too Big", "llm", "b0", 150_000L, "double everything", null);
        s.cand("f1", 10, "Unstable", "llm", "e1", 72_000L, "no normalisation", null);
        s.cand("f2", 11, "Broken", "llm", "e1", null, "odd shapes", null);
        s.cand("f3", 12, "Unstable Fixed", "llm", "f1", 72_500L, "repair of Unstable (diverged)", null);
        s.cand("l1", 13, "Gated", "llm", "e2", 78_000L, "gating (after 1 repair(s), 0 revision(s))", null);

        double[] screen = {0.842, 0.815, 0.701, 0.755, 0.733, 0.789, 0.851, 0.858, 0.871, 0.880, 0, 0, 0.845, 0.853};
        String[] ids = {"b0", "b1", "r0", "r1", "r2", "r3", "e1", "e2", "e3", "x", "f1", "f2", "f3", "l1"};
        for (int i = 0; i < ids.length; i++) {
            if (ids[i].equals("f1")) {
                s.fail("f1", 0, "diverged", "TRAIN", "loss became NaN at step 212");
            } else if (ids[i].equals("f2")) {
                s.fail("f2", 0, "shape_error", "TRACE", "line 12: <add> needs equal shapes [8,14,14] and [8,7,7]");
            } else {
                s.ok(ids[i], 0, 1, screen[i]);
            }
        }
        double[][] promoted = {{0.861, 0.866, 0.858}, {0.869, 0.874, 0.871}, {0.884, 0.889, 0.886},
            {0.873, 0.879, 0.870}};
        String[] promotedIds = {"b0", "e2", "e3", "e1"};
        for (int k = 0; k < promoted.length; k++) {
            for (int seed = 0; seed < 3; seed++) {
                s.ok(promotedIds[k], 1, 100 + seed, promoted[k][seed]);
            }
        }
        s.fail("e1", 1, "crashed", "TRAIN", "worker exited with fatal signal SIGSEGV");

        store.saveAssessment(new AssessmentRecord(RUN, "e3", "b0", "best_baseline", "discovery", 3, 0.8863, 0.8801,
                0.8926, 0.8617, 0.0004, "better than Baseline CNN by 2.47 pp", T));
        store.saveAssessment(new AssessmentRecord(RUN, "e3", "e2", "parent", "discovery", 3, 0.8863, 0.8801, 0.8926,
                0.8713, 0.0061, "better than Wider SE by 1.50 pp", T));
        store.saveAssessment(new AssessmentRecord(RUN, "e3", "e3", "overall", "discovery", 3, 0.8863, 0.8801, 0.8926,
                0.8617, 0.0004, "discovery: +2.47 pp over the best baseline, p = 0.0004", T));
        // Wider's parent is the best baseline: one verdict, stored once (as the Assessor does)
        store.saveAssessment(new AssessmentRecord(RUN, "e1", "b0", "best_baseline", "not_significant", 3, 0.8740,
                0.8621, 0.8859, 0.8617, 0.061, "+1.23 pp, p = 0.061", T));
        store.saveAssessment(new AssessmentRecord(RUN, "e1", "b0", "parent", "not_significant", 3, 0.8740,
                0.8621, 0.8859, 0.8617, 0.061, "+1.23 pp, p = 0.061", T));
        store.saveAssessment(new AssessmentRecord(RUN, "e1", "e1", "overall", "not_a_discovery", 3, 0.8740, 0.8621,
                0.8859, 0.8617, 0.061, "not significant against the best baseline", T));
        // the selected candidate's three promoted models, and the best baseline's, on the test split
        double[] test = {0.8791, 0.8832, 0.8805, 0.8570, 0.8611, 0.8549};
        for (int i = 0; i < 6; i++) {
            store.saveFinalEvaluation(new FinalEvaluationRecord(RUN, i < 3 ? "e3" : "b0", RUN + "-t" + (i < 3 ? 20 + i
                    : 14 + i - 3), test[i], 10_000, T));
        }
        store.addLineage(new LineageEdge(RUN, "e1", "b0", "conv1: 16 → 24 channels"));
        store.addLineage(new LineageEdge(RUN, "e2", "e1", "+ squeeze-excitation after block 2"));
        store.addLineage(new LineageEdge(RUN, "e3", "e2", "block 3 → depthwise separable"));
        store.addInsight(new InsightRecord(0, RUN, "e3", "analyst", "Depthwise blocks kept accuracy at </td> fewer "
                + "params <script>alert(2)</script>", T), null, null);
        store.addInsight(new InsightRecord(0, RUN, null, "analyst", "Normalisation-free designs diverge.", T), null,
                null);
        store.recordLlmExchange(new LlmExchangeRecord(0, RUN, "e3", "researcher", "test-model", "p", "a", 1200, 300, 2000,
                0.0021, null, T));
        store.recordLlmExchange(new LlmExchangeRecord(0, RUN, null, "researcher", "test-model", "p", null, null, null,
                30_000, null, "timeout: no answer", T));
        store.recordLlmExchange(new LlmExchangeRecord(0, RUN, "l1", "engineer", "test-model", "p", "a", 900, 250, 1500,
                0.0015, null, T));
        store.addEvent(RUN, "check", "Gated: compile_error at COMPILE: line 3: ';' expected");
        store.addEvent(RUN, "check", "Wider SE 2: near-duplicate: same as Wider SE but one activation");
        store.addEvent(RUN, "check", "Too Big: over_budget at ANALYSIS: 150,000 params > 100,000");
    }

    static void deadRun(Store store) {
        RunConfig cfg = RunConfig.defaults().withBudgets(3, 5, 10, 100_000);
        store.createRun(new RunRecord(DEAD, "fashion-mnist", RunState.COMPLETED, 1, cfg.toJson(), "{\"archlab\":\"t\"}",
                "shipped subset", "{\"a.gz\":\"ff\"}", null, null, 40_000, T, T));
        SeededRuns s = new SeededRuns(store, DEAD);
        s.cand("d0", 0, "Baseline CNN", "baseline", null, 60_000L, "seed", null);
        s.cand("d1", 1, "Baseline MLP", "baseline", null, 90_000L, "seed", null);
        s.cand("d2", 2, "Mutant", "evolution", "d0", 61_000L, "widen", null);
        s.fail("d0", 0, "crashed", "TRAIN", "worker exited with code 134");
        s.fail("d1", 0, "crashed", "TRAIN", "worker exited with code 134");
        s.fail("d2", 0, "out_of_memory", "TRAIN", "worker exceeded 3 GiB resident");
    }

    private void cand(String id, int ordinal, String name, String proposer, String parent, Long params, String change,
            String hypothesis) {
        int generation = parent == null ? 0 : store.candidate(parent).orElseThrow().generation() + 1;
        store.saveCandidate(new CandidateRecord(id, runId, ordinal, name, proposer, parent, change,
                "public final class C" + id + " extends Network { /* " + id + " ``` */ }", params == null ? null : "{}",
                params == null ? null : "hash-" + id, params, hypothesis, null, generation,
                params == null ? null : params * 40, T));
    }

    private void ok(String candidate, int fidelity, long seed, double acc) {
        int n = trialOrdinal++;
        store.recordTrial(new TrialRecord(runId + "-t" + n, runId, candidate, n, seed, fidelity == 0 ? 10 : 20,
                "succeeded", null, null, acc, 0.4, 2.0, 100L, 9.0, fidelity == 0 ? 10.0 : 20.0, 1000.0, "[]", null, 0.8,
                900_000_000L, fidelity, "worker pid 1", T, T), 1000);
    }

    private void fail(String candidate, int fidelity, String outcome, String stage, String message) {
        int n = trialOrdinal++;
        store.recordTrial(new TrialRecord(runId + "-t" + n, runId, candidate, n, 1, 10, outcome, stage, message, null,
                null, null, null, null, 2.5, null, "[]", null, null, null, fidelity, "worker pid 1", T, T), 1000);
    }
}
