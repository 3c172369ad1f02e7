package io.archlab.agent.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.agent.Proposer;
import io.archlab.agent.RunConfig;
import io.archlab.agent.TestStores;
import io.archlab.evaluator.Evaluated;
import io.archlab.evaluator.Leaderboard;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.TrialRecord;
import io.archlab.knowledge.notes.Embedder;
import io.archlab.sandbox.baselines.Baselines;
import io.archlab.sandbox.compile.DslCompiler;
import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.data.Task;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.IrJson;
import io.archlab.sandbox.train.FailureKind;
import io.archlab.sandbox.train.Outcome;
import io.archlab.sandbox.train.Stage;
import io.archlab.sandbox.train.TrialResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the researcher is told: the parent's evidence (steps, epochs, throughput, the curve and its
 * slope, seeds with interval and the noise floor, where the parameters sit, its hypothesis and
 * whether it beat its parent, its earlier children as change → Δ), the code of diverse elites and
 * two worked examples; and prompts that stay the same size however long the run.
 */
class PromptEvidenceTest {
    static final Instant T = Instant.parse("2026-12-06T00:00:00Z");
    static final DslFrontEnd FRONT = new DslFrontEnd(new DslCompiler());
    static Embedder embedder;

    @BeforeAll
    static void embedder() {
        embedder = new Embedder();
    }

    /** Records what the model is asked and answers with one usable proposal. */
    static final class Recording implements LlmClient {
        final List<String[]> asked = new ArrayList<>();

        @Override
        public LlmReply chat(String role, String system, String user) {
            asked.add(new String[] {role, system, user});
            String src = "import io.archlab.sandbox.dsl.*;\npublic final class Fresh implements Architecture {\n"
                    + "  public Tensor forward(Net n, Tensor x) {\n    return n.linear(x.flatten(), n.numClasses());\n"
                    + "  }\n}\n";
            return new LlmReply("{\"name\": \"Fresh\", \"hypothesis\": \"A linear probe is enough.\", "
                    + "\"motivation\": \"m\", \"expected_effect\": \"e\"}\n```java\n" + src + "```", 10, 10);
        }
    }

    static CandidateRecord traced(String id, int ordinal, String name, String proposer, String parent, String source,
            String change, String hypothesis) {
        Graph g;
        try {
            g = FRONT.toIr(source, Task.FASHION_MNIST);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return new CandidateRecord(id, "r", ordinal, name, proposer, parent, change, source, IrJson.toJson(g), "h" + id,
                g.params(), hypothesis, null, parent == null ? 0 : 1, g.macs(), T);
    }

    static final java.util.concurrent.atomic.AtomicInteger TRIALS = new java.util.concurrent.atomic.AtomicInteger();

    static TrialRecord trial(String id, String cand, int fidelity, long seed, Double acc, String outcome) {
        String curve = "[{\"epoch\":0.25,\"trainLoss\":1.9,\"valLoss\":1.5,\"valAccuracy\":0.61,\"steps\":100},"
                + "{\"epoch\":0.5,\"trainLoss\":1.2,\"valLoss\":1.0,\"valAccuracy\":0.70,\"steps\":200},"
                + "{\"epoch\":0.75,\"trainLoss\":0.9,\"valLoss\":0.8,\"valAccuracy\":0.76,\"steps\":300},"
                + "{\"epoch\":1.0,\"trainLoss\":0.7,\"valLoss\":0.7,\"valAccuracy\":0.80,\"steps\":400}]";
        return new TrialRecord(id, "r", cand, TRIALS.incrementAndGet(), seed, 60, outcome, outcome.equals("succeeded") ? null : "TRAIN",
                outcome.equals("succeeded") ? null : "loss became NaN", acc, 0.7, 1.0, 400L, 8.0, 12.0, 3_200.0, curve,
                null, 0.4, null, fidelity, null, T, T);
    }

    /** A run whose parent, Mlp, has {@code children} children, each with a long hypothesis and change. */
    static Store run(int children) {
        Store store = TestStores.withRun("r");
        String mlp = Baselines.get("Mlp").source();
        store.saveCandidate(traced("mlp", 0, "Mlp", "baseline", null, mlp, "baseline", null));
        store.saveCandidate(traced("lenet", 1, "LeNet5", "baseline", null, Baselines.get("LeNet5").source(), "baseline", null));
        store.recordTrial(trial("t-mlp", "mlp", TrialRecord.SCREENING, 1, 0.80, "succeeded"), 1);
        store.recordTrial(trial("t-lenet", "lenet", TrialRecord.SCREENING, 1, 0.84, "succeeded"), 1);
        double[] seeds = {0.850, 0.856, 0.853};
        for (int s = 0; s < seeds.length; s++) {
            store.recordTrial(trial("p-mlp" + s, "mlp", TrialRecord.PROMOTED, s + 1, seeds[s], "succeeded"), 1);
        }
        String longText = ("Widening the hidden layer adds capacity where the curve says the model is still "
                + "learning. ").repeat(40);
        for (int i = 0; i < children; i++) {
            String id = "k" + i;
            store.saveCandidate(new CandidateRecord(id, "r", 2 + i, "Mlp-c" + i, "evolution", "mlp",
                    "widen the hidden layer to " + (64 + i) + " units. " + longText, mlp, null, null, 50_000L + i,
                    longText, null, 1, 50_000L, T));
            boolean diverged = i % 7 == 3;
            store.recordTrial(trial("t" + id, id, TrialRecord.SCREENING, 1, diverged ? null : 0.80 + 0.001 * (i % 30),
                    diverged ? "diverged" : "succeeded"), 1);
        }
        return store;
    }

    static Proposer.Context context(Store store) {
        List<CandidateRecord> cands = store.candidates("r");
        List<Evaluated> evaluated = new ArrayList<>();
        for (CandidateRecord c : cands) {
            TrialRecord s = store.trialsOf(c.id()).get(0);
            evaluated.add(new Evaluated(c.id(), c.name(), c.ordinal(), c.params(), s.outcome(), s.valAccuracy()));
        }
        List<Evaluated> ok = evaluated.stream().filter(Evaluated::succeeded)
                .sorted((a, b) -> Double.compare(b.valAccuracy(), a.valAccuracy())).toList();
        List<Leaderboard.Entry> board = new ArrayList<>();
        for (int i = 0; i < ok.size(); i++) {
            board.add(new Leaderboard.Entry(i + 1, ok.get(i), ok.get(i).valAccuracy()));
        }
        return new Proposer.Context(cands.size(), cands, evaluated, board, new Random(1));
    }

    /** The researcher's prompt (system, user) for the parent Mlp of a run with {@code children} children. */
    static String[] researcherPrompt(int children) throws Exception {
        return asked(children, FailureKind.CRASHED).get(0);
    }

    /** What the team was asked, (role, system, user), when the gate's check of the proposal fails with {@code kind} once. */
    static List<String[]> asked(int children, FailureKind kind) throws Exception {
        try (Store store = run(children)) {
            Recording model = new Recording();
            LlmConfig llm = LlmConfig.of("openai:m", "http://127.0.0.1:9/v1");
            LlmProposer p = new LlmProposer(store, "r", RunConfig.defaults(), llm, Task.FASHION_MNIST,
                    new LlmGateway(store, "r", llm, model, ms -> { }, 0),
                    req -> new TrialResult(new Outcome.Failed(model.asked.size() == 1 ? kind : FailureKind.CRASHED,
                            Stage.TRAIN, "cannot find symbol: n.linaer"), null, null, List.of(), 0), () -> embedder,
                    "# archlab DSL reference\n(the reference)");
            p.proposeFrom(context(store), store.candidate("mlp").orElseThrow());
            assertEquals(LlmProposer.RESEARCHER, model.asked.get(0)[0]);
            return model.asked.stream().map(a -> new String[] {a[1], a[2], a[0]}).toList();
        }
    }

    @Test
    void should_tell_the_researcher_the_parents_evidence_and_show_elites_and_worked_examples() throws Exception {
        String[] prompt = researcherPrompt(30);
        String system = prompt[0];
        String user = prompt[1];
        assertTrue(system.contains("# Two worked examples of the DSL") && system.contains("class ResNetTiny")
                && system.contains("class MobileNetV2Tiny"), system);
        String parent = user.substring(user.indexOf("# Parent design to improve on"),
                user.indexOf("# Reference designs from this run"));
        for (String expected : new String[] {
            "Mlp (baseline): params ",
            "Largest layers: linear ",
            "validation accuracy 0.8000 after 400 steps (1.00 epochs) at 3,200 samples/s in 8.0 s",
            "Curve (epoch: train loss / val loss / val acc): 0.25: 1.900 / 1.500 / 0.6100;",
            "final slope +0.2000 val acc per epoch (still improving: more steps would likely help)",
            "Seeds: promoted, 3 seeds at more steps: mean 0.8530, 95% interval [0.8455, 0.8605]",
            "the run's noise floor (median seed-to-seed standard deviation) is 0.0030",
            "Its earlier children (change → Δ validation accuracy vs it):\n(the latest 6 of 30)",
            "- Mlp-c29: widen the hidden layer to 93 units. Widening the hidden layer adds capacity where the "
                + "curve says the model is still learning. […] → +2.90 pp",
            "- Mlp-c24: widen the hidden layer to 88 units. Widening",
            "[…] → diverged",
            "```java\nimport io.archlab.sandbox.dsl.*;"}) {
            assertTrue(parent.contains(expected), "missing: " + expected + "\n--- in:\n" + parent);
        }
        String elites = user.substring(user.indexOf("# Code of other strong designs"),
                user.indexOf("# Design notes and insights"));
        assertTrue(elites.contains("LeNet5 (baseline)") && elites.contains("class LeNet5"),
                "the best design of another niche, with its code: " + elites);
        assertFalse(elites.contains("class Mlp "), "the parent is not repeated among the elites");
    }

    @Test
    void should_keep_the_researchers_prompt_the_same_size_however_long_the_run() throws Exception {
        int small = researcherPrompt(30)[1].length();
        int large = researcherPrompt(300)[1].length();
        assertTrue(small < 16_000, "a 30-candidate run's prompt is " + small + " characters");
        assertTrue(Math.abs(large - small) < 200, "30 children: " + small + " characters; 300: " + large);
    }

    @Test
    void should_give_the_engineer_the_hypothesis_its_repair_must_keep() throws Exception {
        List<String[]> asked = asked(2, FailureKind.COMPILE_ERROR);
        assertEquals(LlmProposer.ENGINEER, asked.get(1)[2]);
        String user = asked.get(1)[1];
        assertTrue(user.contains("# The design's hypothesis (keep it: your fix must still test it)\nA linear probe is "
                + "enough.") && user.contains("cannot find symbol: n.linaer"), user);
    }

    @Test
    void should_give_the_analyst_the_structural_diff_and_both_curves() throws Exception {
        try (Store store = run(3)) {
            store.addLineage(new io.archlab.knowledge.LineageEdge("r", "k2", "mlp", "linear [256] -> linear [66]"));
            Recording model = new Recording();
            LlmConfig llm = LlmConfig.of("openai:m", "http://127.0.0.1:9/v1");
            LlmProposer p = new LlmProposer(store, "r", RunConfig.defaults(), llm, Task.FASHION_MNIST,
                    new LlmGateway(store, "r", llm, model, ms -> { }, 0), req -> null, () -> embedder, "(reference)");
            CandidateRecord child = store.candidate("k2").orElseThrow();
            p.afterTrial(child, store.trialsOf("k2").get(0));
            assertEquals(LlmProposer.ANALYST, model.asked.get(0)[0]);
            String user = model.asked.get(0)[2];
            String candidate = user.substring(user.indexOf("# The candidate"), user.indexOf("# What changed"));
            String diff = user.substring(user.indexOf("# What changed"), user.indexOf("# Its parent"));
            String parent = user.substring(user.indexOf("# Its parent"));
            assertTrue(diff.contains("linear [256] -> linear [66]"), diff);
            assertTrue(candidate.contains("Curve (epoch: train loss / val loss / val acc)")
                    && candidate.contains("Against its own parent Mlp: +0.20 pp (it beat its parent)"), candidate);
            assertTrue(parent.contains("Curve (epoch: train loss / val loss / val acc)")
                    && parent.contains("Seeds: promoted, 3 seeds"), parent);
            assertEquals(1, store.insights("r").size(), "the insight is stored");
        }
    }

    @Test
    void should_cut_long_text_at_a_sentence_or_a_word_never_inside_one() {
        assertEquals("One. Two. […]", Evidence.clip("One. Two. Three is a long sentence that does not fit.", 20));
        assertEquals("Alpha beta […]", Evidence.clip("Alpha beta gammadeltaepsilon", 16));
        assertEquals("short", Evidence.clip("  short ", 10));
    }
}
