package io.archlab.app;

import io.archlab.agent.RunConfig;
import io.archlab.agent.llm.LlmConfig;
import io.archlab.knowledge.AssessmentRecord;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.ClusterMemberRecord;
import io.archlab.knowledge.FinalEvaluationRecord;
import io.archlab.knowledge.InsightRecord;
import io.archlab.knowledge.LineageEdge;
import io.archlab.knowledge.LlmExchangeRecord;
import io.archlab.knowledge.NoteRecord;
import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.RunState;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.TrialRecord;
import io.archlab.sandbox.baselines.Baselines;
import io.archlab.sandbox.compile.DslCompiler;
import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.data.Task;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.IrDiff;
import io.archlab.sandbox.ir.IrJson;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A knowledge base for the dashboard's tests, written through the {@link Store} API: a completed LLM
 * run whose model-written text (names, hypotheses, source, insights, LLM answers, notes, failure
 * messages) carries an XSS corpus, a run that is running (its process: this JVM) on a cluster of two
 * members, an empty run, and a run whose configuration cannot be read.
 * Candidates have real IR, traced from DSL source.
 */
final class DashboardSeed {
    static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
    static final String XSS_RUN = "r-xss";
    static final String LIVE_RUN = "r-live";
    static final String EMPTY_RUN = "r-empty";
    /** A run whose stored configuration this archlab cannot read (another tool's, or a newer archlab's). */
    static final String FOREIGN_RUN = "r-foreign";

    /** Payloads: each would set {@code window.__xss} (or alert) if it ever executed. */
    static final String SCRIPT = "<script>window.__xss=1;alert(1)</script>";
    static final String IMG = "<img src=x onerror=\"window.__xss=1\">";
    static final String SVG = "\"><svg onload=window.__xss=1>";
    static final String LINK = "<a href=\"javascript:window.__xss=1\">click me</a>";
    static final String END_SCRIPT = "</script><script>window.__xss=1</script>";
    static final String ATTR = "' onmouseover='window.__xss=1' x='";
    static final List<String> CORPUS = List.of(SCRIPT, IMG, SVG, LINK, END_SCRIPT, ATTR);
    /** The same payloads as Qute's HTML escaping writes them. */
    static final String SCRIPT_ESCAPED = "&lt;script&gt;window.__xss=1;alert(1)&lt;/script&gt;";
    static final String IMG_ESCAPED = "&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;";

    /** Ids of the XSS run's candidates. */
    static final String MLP = "x-c0";
    static final String LENET = "x-c1";
    static final String EVIL = "x-c2";
    static final String BROKEN = "x-c3";
    static final String PENDING = "x-c4";
    static final String EVIL_NAME = IMG + "GatedLeNet";
    static final String BROKEN_NAME = SVG + "Broken";
    /** The live run's cluster members: one active, one that left (its labels carry a payload). */
    static final String MEMBER_ACTIVE = "3f2a9c1e-7b4d-4e8a-9c3f-1a2b3c4d5e6f";
    static final String MEMBER_LEFT = "b7e1d2c3-5a6f-4b8c-8d9e-0f1a2b3c4d5e";

    private DashboardSeed() {
    }

    /** Seeds all four runs unless already there. */
    static void seed(Store store) {
        if (store.run(XSS_RUN).isPresent()) {
            return;
        }
        DslFrontEnd dsl = new DslFrontEnd(new DslCompiler());
        String mlp = Baselines.get("Mlp").source();
        String lenet = Baselines.get("LeNet5").source();
        String evil = lenet.replace("class LeNet5", "class GatedLeNet")
                .replace("n.conv2d(x, 6, 5, 1, 2).relu()", "n.conv2d(x, 8, 5, 1, 2).batchNorm().relu()")
                .replace("public Tensor forward", "// " + END_SCRIPT + "\n    // " + SCRIPT + "\n    public Tensor forward");
        Graph gMlp = ir(dsl, mlp);
        Graph gLenet = ir(dsl, lenet);
        Graph gEvil = ir(dsl, evil);
        seedXssRun(store, mlp, lenet, evil, gMlp, gLenet, gEvil);
        seedLiveRun(store, mlp, gMlp, lenet, gLenet);
        store.createRun(new RunRecord(EMPTY_RUN, "fashion-mnist", RunState.COMPLETED, 3,
                RunConfig.defaults().withBudgets(5, 10, 10, 150_000).toJson(), "{}", "shipped subset", "{}", null, null,
                0, T.minusSeconds(3600), T.minusSeconds(3600)));
        store.createRun(new RunRecord(FOREIGN_RUN, "fashion-mnist", RunState.COMPLETED, 4,
                "{\"task\":\"fashion-mnist\",\"maxTrials\":9,\"proposer\":\"someone-else\"}", "{}", "elsewhere",
                "{}", null, null, 5_000, T.minusSeconds(7200), T.minusSeconds(7200)));
        save(store, FOREIGN_RUN, "f-c0", 0, "Mlp", "baseline", null, "built-in baseline", mlp, gMlp, null, null, 0);
        trial(store, FOREIGN_RUN, "f-c0", 0, 0, 1, "succeeded", 0.78, null);
        store.saveNote(new NoteRecord("xss-note", "Residual gating " + SCRIPT, "Gates help. " + IMG + " " + LINK,
                "gating," + SVG, "test", T), null, null);
        store.saveNote(new NoteRecord("plain-note", "Depthwise separable convolutions",
                "Cheaper than full convolutions at equal width.", "conv,efficiency", "test", T), null, null);
    }

    private static Graph ir(DslFrontEnd dsl, String source) {
        try {
            return dsl.toIr(source, Task.FASHION_MNIST);
        } catch (Exception e) {
            throw new IllegalStateException("seed source does not trace: " + e.getMessage(), e);
        }
    }

    private static void seedXssRun(Store store, String mlp, String lenet, String evil, Graph gMlp, Graph gLenet,
            Graph gEvil) {
        LlmConfig llm = new LlmConfig("openai", "test-model", "http://127.0.0.1:9/v1", 120, 4, 0.15, 0.6, 2.0, 100_000,
                3, 2, null);
        RunConfig config = RunConfig.defaults().withBudgets(12, 30, 10, 300_000).withProposer("llm", llm);
        store.createRun(new RunRecord(XSS_RUN, "fashion-mnist", RunState.COMPLETED, 7, config.toJson(), "{}",
                "shipped subset", "{}", null, null, 95_000, T, T));
        save(store, XSS_RUN, MLP, 0, "Mlp", "baseline", null, "built-in baseline", mlp, gMlp, null, null, 0);
        save(store, XSS_RUN, LENET, 1, "LeNet5", "baseline", null, "built-in baseline", lenet, gLenet, null, null, 0);
        save(store, XSS_RUN, EVIL, 2, EVIL_NAME, "llm", LENET, "wider stem with batch norm " + LINK, evil, gEvil,
                "A normalised, wider stem trains faster " + SCRIPT, "The analyst saw slow early epochs " + SVG, 1);
        save(store, XSS_RUN, BROKEN, 3, BROKEN_NAME, "llm", EVIL, "attempted gating " + ATTR,
                "public final class Broken implements Architecture { " + END_SCRIPT + " }", null,
                "Gating the residual " + IMG, null, 2);
        save(store, XSS_RUN, PENDING, 4, "NextIdea", "llm", EVIL, "queued proposal", evil, null, "more width", null, 2);
        store.addLineage(new LineageEdge(XSS_RUN, EVIL, LENET, IrDiff.summary(IrDiff.diff(gLenet, gEvil))));
        store.updateNovelty(EVIL, LENET, 2, 0.41);

        int t = 0;
        trial(store, XSS_RUN, MLP, t++, 0, 1, "succeeded", 0.8012, null);
        trial(store, XSS_RUN, LENET, t++, 0, 1, "succeeded", 0.8511, null);
        trial(store, XSS_RUN, EVIL, t++, 0, 1, "succeeded", 0.8702, null);
        trial(store, XSS_RUN, BROKEN, t++, 0, 1, "compile_error", null, "line 1: cannot find symbol " + SCRIPT);
        for (int seed = 1; seed <= 3; seed++) {
            trial(store, XSS_RUN, LENET, t++, 1, seed, "succeeded", 0.852 + seed * 0.001, null);
            trial(store, XSS_RUN, EVIL, t++, 1, seed, "succeeded", 0.870 + seed * 0.002, null);
        }
        store.saveAssessment(new AssessmentRecord(XSS_RUN, EVIL, LENET, "parent", "significant_gain", 3, 0.874, 0.868,
                0.880, 0.854, 0.004, "better than its parent " + IMG, T));
        store.saveAssessment(new AssessmentRecord(XSS_RUN, EVIL, EVIL, "overall", "discovery", 3, 0.874, 0.868, 0.880,
                0.854, 0.004, "significantly more accurate than the best baseline and its parent", T));
        store.saveFinalEvaluation(new FinalEvaluationRecord(XSS_RUN, EVIL, "r-xss-t2", 0.8655, 1000, T));
        store.addInsight(new InsightRecord(0, XSS_RUN, EVIL, "analyst", "Batch norm in the stem helped. " + SCRIPT
                + " " + LINK, T), null, null);
        store.addInsight(new InsightRecord(0, XSS_RUN, BROKEN, "analyst", "The gating attempt did not compile " + SVG,
                T), null, null);
        store.recordLlmExchange(new LlmExchangeRecord(0, XSS_RUN, EVIL, "researcher", "test-model",
                "Propose a design better than LeNet5 " + IMG, "NAME: GatedLeNet\nSOURCE:\n" + END_SCRIPT + "\n" + SCRIPT,
                1200, 340, 850, 0.00038, null, T));
        store.recordLlmExchange(new LlmExchangeRecord(0, XSS_RUN, BROKEN, "engineer", "test-model",
                "Fix the compile error " + SVG, null, 900, null, 30_000, null, "timeout after 30 s " + SCRIPT, T));
        store.addEvent(XSS_RUN, "check", BROKEN_NAME + ": compile_error at COMPILE: cannot find symbol " + SCRIPT);
        store.addEvent(XSS_RUN, "check", EVIL_NAME + ": near-duplicate: LeNet5 " + LINK);
        store.addEvent(XSS_RUN, "discovery", EVIL_NAME + ": significantly more accurate");
        store.addEvent(XSS_RUN, "completed", "run completed");
    }

    /** A run that is running in this JVM (the dashboard shows it live), with no candidate yet. */
    static RunRecord running(String id) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return new RunRecord(id, "fashion-mnist", RunState.RUNNING, 5,
                RunConfig.defaults().withBudgets(40, 60, 10, 300_000).toJson(), "{}", "shipped subset", "{}",
                ProcessHandle.current().pid(), host, 30_000, T.plusSeconds(3600), T.plusSeconds(3600));
    }

    private static void seedLiveRun(Store store, String mlp, Graph gMlp, String lenet, Graph gLenet) {
        store.createRun(running(LIVE_RUN));
        save(store, LIVE_RUN, "l-c0", 0, "Mlp", "baseline", null, "built-in baseline", mlp, gMlp, null, null, 0);
        save(store, LIVE_RUN, "l-c1", 1, "LeNet5", "baseline", null, "built-in baseline", lenet, gLenet, null, null, 0);
        trial(store, LIVE_RUN, "l-c0", 0, 0, 1, "succeeded", 0.79, null);
        trial(store, LIVE_RUN, "l-c1", 1, 0, 1, "succeeded", 0.84, null);
        save(store, LIVE_RUN, "l-c2", 2, "Training Now", "evolution", "l-c1", "widen conv 6->8", lenet, gLenet, null,
                null, 1);
        store.addEvent(LIVE_RUN, "started", "run started with seed 5");
        store.saveClusterMembers(LIVE_RUN, List.of(activeMember(2, T.plusSeconds(3695)),
                new ClusterMemberRecord(LIVE_RUN, MEMBER_LEFT, "10.0.0.7:5701", "zone=c," + SCRIPT, 8, 2, 0, 5,
                        Double.NaN, 512_000_000L, ClusterMemberRecord.LEFT, T.plusSeconds(3660),
                        T.plusSeconds(3700))));
    }

    /** The live run's active member as it reports with {@code busy} of its 3 slots busy. */
    static ClusterMemberRecord activeMember(int busy, Instant seen) {
        return new ClusterMemberRecord(LIVE_RUN, MEMBER_ACTIVE, "10.0.0.5:5701", "gpu=a100,zone=b", 16, 3, busy, 14,
                3.14159, 1_234_567_890L, ClusterMemberRecord.ACTIVE, T.plusSeconds(3600), seen);
    }

    /** Finishes one more trial of the live run: a new candidate with accuracy {@code acc}; returns its name. */
    static String addLiveTrial(Store store, int ordinal, double acc) {
        String id = "l-c" + (ordinal + 10);
        String name = "LiveChild" + ordinal;
        CandidateRecord mlp = store.candidate("l-c0").orElseThrow();
        save(store, LIVE_RUN, id, ordinal + 10, name, "evolution", "l-c1", "live child " + ordinal, mlp.source(),
                null, null, null, 1);
        store.updateCandidateIr(id, mlp.irJson(), mlp.irHash(), mlp.params(), mlp.macs());
        trial(store, LIVE_RUN, id, ordinal, 0, 1, "succeeded", acc, null);
        return name;
    }

    private static void save(Store store, String run, String id, int ordinal, String name, String proposer,
            String parent, String change, String source, Graph g, String hypothesis, String motivation,
            int generation) {
        store.saveCandidate(new CandidateRecord(id, run, ordinal, name, proposer, parent, change, source, null, null,
                null, hypothesis, motivation, generation, null, T.plusSeconds(ordinal)));
        if (g != null) {
            store.updateCandidateIr(id, IrJson.toJson(g), IrJson.hash(g), g.params(), g.macs());
        }
    }

    private static void trial(Store store, String run, String cand, int ordinal, int fidelity, long seed,
            String outcome, Double acc, String message) {
        boolean ok = acc != null;
        String curve = ok ? String.format(Locale.ROOT, "[{\"epoch\":1.0,\"trainLoss\":0.92,\"valLoss\":0.71,"
                + "\"valAccuracy\":%.4f,\"seconds\":3.1},{\"epoch\":2.0,\"trainLoss\":0.55,\"valLoss\":0.49,"
                + "\"valAccuracy\":%.4f,\"seconds\":6.2},{\"epoch\":3.0,\"trainLoss\":0.41,\"valLoss\":0.44,"
                + "\"valAccuracy\":%.4f,\"seconds\":9.3}]", acc - 0.06, acc - 0.02, acc) : "[]";
        store.recordTrial(new TrialRecord(run + "-t" + ordinal, run, cand, ordinal, seed, 10, outcome,
                ok ? null : "COMPILE", message, acc, ok ? 0.41 : null, ok ? 3.0 : null, ok ? 300L : null,
                ok ? 9.3 : null, ok ? 10.0 : 0.4, ok ? 3100.0 : null, curve, null, ok ? 0.42 + ordinal * 0.01 : null,
                ok ? 900_000_000L : null, fidelity, "pid 4242", T.plusSeconds(10L * ordinal),
                T.plusSeconds(10L * ordinal + 10)), 10_000);
    }
}
