package io.archlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.agent.RunConfig;
import io.archlab.agent.llm.LlmConfig;
import io.archlab.knowledge.LlmExchangeRecord;
import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.RunState;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench discovery} over a recorded LLM session, offline: the LLM and the hybrid replay the
 * session's answers beside random search, every run at the same steps per trial.
 */
class DiscoveryBenchmarkTest {
    @TempDir
    Path home;

    static String proposal(String name, String hypothesis, int channels, int kernel) {
        String source = "import io.archlab.sandbox.dsl.*;\n\npublic final class " + name + " implements Architecture {\n"
                + "    public Tensor forward(Net n, Tensor x) {\n        Tensor h = n.conv2d(x, " + channels + ", " + kernel
                + ").relu().maxPool(2);\n        return n.linear(h.flatten(), n.numClasses());\n    }\n}\n";
        return "{\"name\": \"" + name + "\", \"hypothesis\": \"" + hypothesis + "\", \"motivation\": \"the parent\", \"expected_effect\": \"+1 pp\"}\n"
                + "```java\n" + source + "```\n";
    }

    /** A recorded session as a run of the user's knowledge base holds it. */
    static void record(Store store, String runId) {
        Instant now = Instant.now();
        store.createRun(new RunRecord(runId, "fashion-mnist", RunState.COMPLETED, 1, "{}", "{}", "subset", "{}", null,
                "test", 0, now, now));
        String[] names = {"Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"};
        String[] hypotheses = {"A single narrow convolution already separates clothing silhouettes.",
            "Wide kernels see whole collars and sleeves at once.",
            "More filters capture more edge orientations of shoes.",
            "Pooling early keeps the classifier head small and fast.",
            "Texture detectors matter more than shape for bags.",
            "A large stem trades speed for accuracy on shirts versus coats."};
        for (int i = 0; i < names.length; i++) {
            exchange(store, runId, "researcher", proposal(names[i], hypotheses[i], 4 + 3 * i, i % 2 == 0 ? 3 : 5));
        }
        for (int i = 0; i < 12; i++) {
            exchange(store, runId, "analyst", "Insight " + i + ": within the noise of one seed.");
        }
    }

    static void exchange(Store store, String runId, String role, String answer) {
        store.recordLlmExchange(new LlmExchangeRecord(0, runId, null, role, "openai:m", "prompt", answer, 100, 50, 1.0,
                0.0, null, Instant.now()));
    }

    @Test
    void should_compare_replayed_llm_and_hybrid_runs_with_random_search_at_equal_steps() throws Exception {
        try (Store source = Stores.openHome(home)) {
            record(source, "recorded");
            StringWriter text = new StringWriter();
            List<DiscoveryBenchmark.Outcome> o = DiscoveryBenchmark.run(new DiscoveryBenchmark.Spec("fashion-mnist",
                    "subset", 10, 100_000, 1, new RunConfig.Compute(30, 0, 200, Map.of("given", 200.0)), 5, 1,
                    List.of("llm", "hybrid", "random"),
                    LlmConfig.of("replay:recorded", null), source, null), new PrintWriter(text, true));

            assertEquals(List.of("llm", "hybrid", "random"), o.stream().map(DiscoveryBenchmark.Outcome::proposer)
                    .toList());
            for (DiscoveryBenchmark.Outcome r : o) {
                assertEquals(5, r.trials(), r.proposer() + ": " + text);
                assertEquals(30, r.steps(), r.proposer());
            }
            assertEquals(2, o.get(0).byLlm(), "every proposal slot of the llm run replayed a recorded answer: " + text);
            assertEquals(1, o.get(1).byLlm(), "the hybrid's first slot is the LLM's, its second evolution's: " + text);
            assertEquals(0, o.get(2).byLlm());
            String table = DiscoveryBenchmark.table(o, 10);
            assertTrue(table.contains("Every run trained 30 steps per screening trial."), table);
            assertTrue(table.contains("RI of hybrid over random search (validation, at the end)"), table);
            assertTrue(table.contains("| llm | 1 |") && table.contains("| 2.0 |"), table);
        }
    }
}
