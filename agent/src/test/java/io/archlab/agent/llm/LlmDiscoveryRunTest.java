package io.archlab.agent.llm;

import static io.archlab.agent.llm.ScriptedLlmServer.delay;
import static io.archlab.agent.llm.ScriptedLlmServer.reply;
import static io.archlab.agent.llm.ScriptedLlmServer.responder;
import static io.archlab.agent.llm.ScriptedLlmServer.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.agent.FallbackProposer;
import io.archlab.agent.LoopListener;
import io.archlab.agent.RunConfig;
import io.archlab.agent.RunLauncher;
import io.archlab.agent.llm.ScriptedLlmServer.BadAnswer;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.Embedded;
import io.archlab.knowledge.EventRecord;
import io.archlab.knowledge.InsightRecord;
import io.archlab.knowledge.LlmExchangeRecord;
import io.archlab.knowledge.RunState;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import io.archlab.knowledge.TrialRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LLM-driven runs end to end over real HTTP: LangChain4j's clients talk to a scripted
 * OpenAI-compatible (and Ollama) server on 127.0.0.1 that plays a conversation of ten proposals
 * with a malformed answer, a compile error and a shape error repaired, a duplicate revised, an
 * over-budget design shrunk, a 429, a timeout and a hostile program; then the run is replayed from
 * its recorded exchanges with no network.
 */
class LlmDiscoveryRunTest {
    @TempDir
    Path home;

    static String net(String name, String body) {
        return "import io.archlab.sandbox.dsl.*;\n\npublic final class " + name + " implements Architecture {\n"
                + "    public Tensor forward(Net n, Tensor x) {\n" + body + "\n    }\n}\n";
    }

    static String conv(String name, int channels, int kernel, String act) {
        return net(name, "        Tensor h = n.conv2d(x, " + channels + ", " + kernel + ")." + act + "().maxPool(2);\n"
                + "        return n.linear(h.flatten(), n.numClasses());");
    }

    static String proposal(String name, String hypothesis, String source) {
        return "{\"name\": \"" + name + "\", \"hypothesis\": \"" + hypothesis + "\", \"motivation\": \"the parent's "
                + "result\", \"expected_effect\": \"" + hypothesis + "\"}\n```java\n" + source + "```\n";
    }

    static String fenced(String source) {
        return "Here is the fix.\n```java\n" + source + "```\n";
    }

    /** Answers by role (from the system message), each role from its own queue. */
    static final class Conversation {
        final Deque<ScriptedLlmServer.Step> researcher = new ArrayDeque<>();
        final Deque<ScriptedLlmServer.Step> engineer = new ArrayDeque<>();
        /** The analyst's answers first; then an insight of its own each time. */
        final Deque<ScriptedLlmServer.Step> analyst = new ArrayDeque<>();
        int insights;

        ScriptedLlmServer.Step next(RecordedRequest r) {
            String system = r.systemMessage().orElse("");
            if (system.contains("archlab's researcher")) {
                return researcher.isEmpty() ? status(500, "researcher script exhausted") : researcher.poll();
            }
            if (system.contains("archlab's engineer")) {
                return engineer.isEmpty() ? status(500, "engineer script exhausted") : engineer.poll();
            }
            if (!analyst.isEmpty()) {
                return analyst.poll();
            }
            insights++;
            return reply("Insight " + insights + ": the change kept accuracy within noise of a single seed; "
                    + "topic " + "abcdefghijklmnopqrstuvwxyz".charAt(insights) + ".");
        }
    }

    static Conversation tenProposals() {
        Conversation c = new Conversation();
        // 1: a malformed answer, then a good one
        c.researcher.add(reply("Sure! {\"name\": \"Broken\", \"hypothesis\": "));
        c.researcher.add(reply(proposal("NarrowConv", "A single narrow convolution already separates clothing "
                + "silhouettes.", conv("NarrowConv", 8, 3, "relu"))));
        // 2: code that does not compile, repaired by the engineer
        c.researcher.add(reply(proposal("TenChannels", "Ten channels give each class its own detector.",
                net("TenChannels", "        Tensor h = n.conv2d(x, 10, 3).relu().maxPool(2)\n"
                        + "        return n.linear(h.flatten(), n.numClasses());"))));
        c.engineer.add(reply(fenced(conv("TenChannels", 10, 3, "relu"))));
        // 3: a shape error, repaired
        c.researcher.add(reply(proposal("ResidualMix", "A residual path eases optimisation of the wider stem.",
                net("ResidualMix", "        Tensor h = n.conv2d(x, 12, 3).relu().add(n.conv2d(x, 6, 3));\n"
                        + "        return n.linear(h.maxPool(2).flatten(), n.numClasses());"))));
        c.engineer.add(reply(fenced(net("ResidualMix", "        Tensor h = n.conv2d(x, 12, 3).relu()"
                + ".add(n.conv2d(x, 12, 3));\n        return n.linear(h.maxPool(2).flatten(), n.numClasses());"))));
        // 4: a duplicate of NarrowConv, refused and revised
        c.researcher.add(reply(proposal("SameAgain", "Batch statistics matter less than kernel count here.",
                conv("SameAgain", 8, 3, "relu"))));
        c.researcher.add(reply(proposal("WideKernel", "A 5x5 kernel sees whole collar and sleeve shapes at once.",
                conv("WideKernel", 8, 5, "relu"))));
        // 5: over the parameter budget, shrunk by the engineer
        c.researcher.add(reply(proposal("BigHead", "A large hidden layer memorises fine texture differences.",
                net("BigHead", "        Tensor h = n.conv2d(x, 8, 3).relu().maxPool(2);\n"
                        + "        return n.linear(n.linear(h.flatten(), 4096).relu(), n.numClasses());"))));
        c.engineer.add(reply(fenced(net("BigHead", "        Tensor h = n.conv2d(x, 8, 3).relu().maxPool(2);\n"
                + "        return n.linear(n.linear(h.flatten(), 32).relu(), n.numClasses());"))));
        // 6: rate limited, then a good answer
        c.researcher.add(status(429, ScriptedLlmServer.errorBody("rate limit reached, retry in 1s")));
        c.researcher.add(reply(proposal("SixteenChannels", "Sixteen filters capture more edge orientations.",
                conv("SixteenChannels", 16, 3, "relu"))));
        // 7: an answer that comes too late, then a good one
        c.researcher.add(delay(Duration.ofSeconds(4), reply("too late")));
        c.researcher.add(reply(proposal("TwoStage", "Two stacked small convolutions grow the receptive field "
                + "cheaply.", net("TwoStage", "        Tensor h = n.conv2d(n.conv2d(x, 4, 3).relu(), 4, 3).relu()"
                + ".maxPool(2);\n        return n.linear(h.flatten(), n.numClasses());"))));
        // 8: a hostile program, stopped by the policy and repaired
        c.researcher.add(reply(proposal("Escape", "Average pooling keeps weak strokes that max pooling drops.",
                net("Escape", "        System.exit(1);\n        Tensor h = n.conv2d(x, 6, 3).relu().avgPool(2);\n"
                        + "        return n.linear(h.flatten(), n.numClasses());"))));
        c.engineer.add(reply(fenced(net("Escape", "        Tensor h = n.conv2d(x, 6, 3).relu().avgPool(2);\n"
                + "        return n.linear(h.flatten(), n.numClasses());"))));
        // 9 and 10: plain good proposals
        c.researcher.add(reply(proposal("DeepPair", "Downsampling twice lets a small head classify coarse "
                + "layouts.", net("DeepPair", "        Tensor h = n.conv2d(x, 8, 3).relu().maxPool(2);\n"
                + "        h = n.conv2d(h, 16, 3).relu().maxPool(2);\n"
                + "        return n.linear(h.flatten(), n.numClasses());"))));
        c.researcher.add(reply(proposal("SmoothGate", "GELU's smooth gate trains more stably at this learning "
                + "rate.", conv("SmoothGate", 8, 3, "gelu"))));
        return c;
    }

    static LoopListener quiet(List<String> lines) {
        return new LoopListener() {
            @Override
            public void trialStarted(int ordinal, int maxTrials, CandidateRecord candidate) {
            }

            @Override
            public void trialFinished(int ordinal, int maxTrials, CandidateRecord candidate, TrialRecord trial) {
                lines.add(candidate.name() + " " + trial.outcome());
            }

            @Override
            public void info(String message) {
                lines.add(message);
            }
        };
    }

    static RunConfig config(LlmConfig llm, int trials) {
        // the compute decided up front: these runs are about the LLM, not the machine's pace (DiscoveryLoopTest)
        return RunConfig.defaults().withData("subset", false).withBudgets(trials, 20, 0.4, 300_000)
                .withTaskAndSeed("fashion-mnist", 3).withEvaluation(RunConfig.Evaluation.OFF)
                .withProposer("llm", llm).withCompute(new RunConfig.Compute(80, 0, 200, java.util.Map.of("given", 200.0)));
    }

    static ScriptedLlmServer serve(Conversation c) {
        ScriptedLlmServer server = ScriptedLlmServer.start();
        for (int i = 0; i < 60; i++) {
            server.enqueue(responder(c::next));
        }
        return server;
    }

    @Test
    void should_run_ten_llm_proposals_through_failures_and_then_replay_them_exactly() {
        List<String> lines = new ArrayList<>();
        Conversation conversation = tenProposals();
        try (ScriptedLlmServer server = serve(conversation); Store store = Stores.openHome(home)) {
            LlmConfig llm = LlmConfig.of("openai:test-model", server.openAiBaseUrl()).withTimeout(2, 3)
                    .withPrices(1.0, 2.0);
            String runId;
            try {
                runId = new RunLauncher(store, home, quiet(lines)).start(config(llm, 13));
            } catch (io.archlab.agent.RunException e) {
                throw new AssertionError(e.getMessage() + "; trials so far: " + lines, e);
            }
            assertEquals(RunState.COMPLETED, store.run(runId).orElseThrow().state(), lines.toString());

            List<CandidateRecord> llmCands = store.candidates(runId).stream()
                    .filter(c -> c.proposer().equals(LlmProposer.NAME)).toList();
            assertEquals(List.of("NarrowConv", "TenChannels", "ResidualMix", "WideKernel", "BigHead",
                    "SixteenChannels", "TwoStage", "Escape", "DeepPair", "SmoothGate"),
                    llmCands.stream().map(CandidateRecord::name).toList(), lines.toString());
            List<TrialRecord> trials = store.trials(runId);
            assertEquals(13, trials.size());
            assertTrue(trials.stream().allMatch(TrialRecord::succeeded), lines.toString());
            for (CandidateRecord c : llmCands) {
                assertNotNull(c.hypothesis(), c.name());
                assertNotNull(c.parentId(), c.name());
                assertFalse(store.lineage(c.id()).isEmpty(), c.name() + " has a lineage edge");
                assertFalse(c.source().contains("System.exit"), c.name());
            }
            assertTrue(llmCands.get(4).params() < 300_000, "the over-budget design was shrunk");

            // every program the sandbox stopped before training, with its typed outcome
            List<String> checks = store.events(runId).stream().filter(e -> e.kind().equals("check"))
                    .map(EventRecord::message).toList();
            for (String kind : new String[] {"compile_error", "shape_error", "duplicate", "over_budget",
                "policy_violation"}) {
                assertEquals(1, checks.stream().filter(m -> m.contains(": " + kind + " at ")).count(),
                        kind + " in " + checks);
            }
            assertTrue(store.events(runId).stream().anyMatch(e -> e.message().contains("researcher answer 1 "
                    + "unusable")), "the malformed answer was noticed");

            // every exchange is stored, failed ones included, with tokens, latency and cost
            List<LlmExchangeRecord> x = store.llmExchanges(runId);
            assertEquals(28, server.requests().size());
            assertEquals(server.requests().size(), x.size());
            Map<String, Long> roles = x.stream().collect(Collectors.groupingBy(LlmExchangeRecord::role,
                    Collectors.counting()));
            assertEquals(Map.of("researcher", 14L, "engineer", 4L, "analyst", 10L), roles);
            assertTrue(x.stream().anyMatch(e -> e.error() != null && e.error().startsWith("rate_limited")), "429");
            assertTrue(x.stream().anyMatch(e -> e.error() != null && e.error().startsWith("timeout")), "timeout");
            assertTrue(x.stream().allMatch(e -> e.candidateId() != null), "each exchange belongs to a candidate");
            double spent = 0;
            for (LlmExchangeRecord e : x) {
                if (e.error() == null) {
                    assertTrue(e.promptTokens() > 0 && e.completionTokens() > 0, e.toString());
                    assertEquals((e.promptTokens() * 1.0 + e.completionTokens() * 2.0) / 1e6, e.costUsd(), 1e-12);
                    spent += e.costUsd();
                }
            }
            assertTrue(spent > 0);
            assertTrue(x.get(0).prompt().contains("# archlab DSL reference"), "prompts carry the DSL reference");
            assertTrue(x.stream().filter(e -> e.role().equals("researcher")).allMatch(e -> e.prompt().length()
                    < 60_000), "prompts are bounded");

            // the analyst's insights, retrievable by embedding
            List<Embedded<InsightRecord>> insights = store.insights(runId);
            assertEquals(10, insights.size());
            assertTrue(insights.stream().allMatch(i -> i.vector() != null && i.vector().length == 384));
            assertEquals(llmCands.stream().map(CandidateRecord::id).toList(),
                    insights.stream().map(i -> i.item().candidateId()).toList());

            // replay: the same candidates, no request to the server
            int before = server.requests().size();
            String replayed = new RunLauncher(store, home, quiet(new ArrayList<>()))
                    .start(config(LlmConfig.of("replay:" + runId, null), 13));
            assertEquals(before, server.requests().size(), "a replay makes no request");
            List<CandidateRecord> again = store.candidates(replayed).stream()
                    .filter(c -> c.proposer().equals(LlmProposer.NAME)).toList();
            assertEquals(llmCands.stream().map(c -> List.of(c.name(), c.source(), c.hypothesis())).toList(),
                    again.stream().map(c -> List.of(c.name(), c.source(), c.hypothesis())).toList());
            assertEquals(x.stream().map(LlmExchangeRecord::response).toList(),
                    store.llmExchanges(replayed).stream().map(LlmExchangeRecord::response).toList());
        }
    }

    @Test
    void should_stop_cleanly_and_leave_the_run_resumable_when_the_endpoint_refuses_the_key() {
        Conversation c = new Conversation();
        c.researcher.add(status(401, ScriptedLlmServer.errorBody("invalid api key")));
        List<String> lines = new ArrayList<>();
        try (ScriptedLlmServer server = serve(c); Store store = Stores.openHome(home)) {
            io.archlab.agent.RunException e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.archlab.agent.RunException.class, () -> new RunLauncher(store, home, quiet(lines))
                            .start(config(LlmConfig.of("openai:test-model", server.openAiBaseUrl()), 6)));
            assertTrue(e.getMessage().contains("refused the key") && e.getMessage().contains("--resume"),
                    e.getMessage());
            String runId = store.runs().get(0).id();
            assertEquals(RunState.INTERRUPTED, store.run(runId).orElseThrow().state());
            assertEquals(3, store.trials(runId).size(), "the baselines were trained and kept");
            assertEquals(1, server.requests().size(), "a refused key is not retried");
        }
    }

    @Test
    void should_stop_cleanly_when_the_token_budget_is_spent() {
        Conversation c = tenProposals();
        List<String> lines = new ArrayList<>();
        try (ScriptedLlmServer server = serve(c); Store store = Stores.openHome(home)) {
            String runId = new RunLauncher(store, home, quiet(lines)).start(config(
                    LlmConfig.of("openai:test-model", server.openAiBaseUrl()).withLimits(0, 1), 13));
            assertEquals(RunState.COMPLETED, store.run(runId).orElseThrow().state());
            assertTrue(store.events(runId).stream().anyMatch(e -> e.kind().equals("stopped")
                    && e.message().contains("token budget spent")), store.events(runId).toString());
            assertEquals(1, store.llmExchanges(runId).size(), "the malformed answer spent the budget: no second request");
            assertEquals(1, store.finalEvaluations(runId).size(), "the best so far is still evaluated");
        }
    }

    @Test
    void should_complete_every_trial_when_each_role_now_and_then_answers_badly() {
        Conversation c = new Conversation();
        // a slot whose two attempts are answered badly is filled by the offline proposer
        c.researcher.add(BadAnswer.EMPTY_CONTENT);
        c.researcher.add(BadAnswer.HTML_PAGE);
        c.researcher.add(reply(proposal("NarrowConv", "A single narrow convolution already separates clothing "
                + "silhouettes.", conv("NarrowConv", 8, 3, "relu"))));
        // one bad answer, then a usable one that does not compile; the engineer's first answer is bad too
        c.researcher.add(BadAnswer.NULL_CONTENT);
        c.researcher.add(reply(proposal("WideKernel", "A 5x5 kernel sees whole collar and sleeve shapes at once.",
                net("WideKernel", "        Tensor h = n.conv2d(x, 8, 5).relu().maxPool(2)\n"
                        + "        return n.linear(h.flatten(), n.numClasses());"))));
        c.engineer.add(BadAnswer.NO_ANSWER);
        c.engineer.add(reply(fenced(conv("WideKernel", 8, 5, "relu"))));
        // answers that arrive but are no proposal, asked again once: that slot is filled offline too
        for (int i = 0; i < LlmProposer.FORMAT_ATTEMPTS; i++) {
            c.researcher.add(reply("Sure! Here is my idea."));
        }
        c.researcher.add(reply(proposal("SixteenChannels", "Sixteen filters capture more edge orientations.",
                conv("SixteenChannels", 16, 3, "relu"))));
        // the first insight is never given: skipped
        c.analyst.add(BadAnswer.EMPTY_CONTENT);
        c.analyst.add(BadAnswer.NULL_CONTENT);
        List<String> lines = new ArrayList<>();
        try (ScriptedLlmServer server = serve(c); Store store = Stores.openHome(home)) {
            String runId = new RunLauncher(store, home, quiet(lines)).start(config(
                    LlmConfig.of("openai:test-model", server.openAiBaseUrl()).withTimeout(5, 2), 8));

            assertEquals(RunState.COMPLETED, store.run(runId).orElseThrow().state(), lines.toString());
            List<CandidateRecord> proposed = store.candidates(runId).subList(3, 8);
            assertEquals(List.of(FallbackProposer.NAME, LlmProposer.NAME, LlmProposer.NAME, FallbackProposer.NAME,
                    LlmProposer.NAME), proposed.stream().map(CandidateRecord::proposer).toList());
            assertEquals(List.of("NarrowConv", "WideKernel", "SixteenChannels"), proposed.stream()
                    .filter(k -> k.proposer().equals(LlmProposer.NAME)).map(CandidateRecord::name).toList());
            assertEquals(8, store.trials(runId).size());
            assertTrue(events(store, runId, "proposal").isEmpty(), "no slot was left empty");
            List<String> fallbacks = events(store, runId, FallbackProposer.NAME);
            assertEquals(2, fallbacks.size(), fallbacks.toString());
            assertTrue(fallbacks.get(0).startsWith("proposal 3 made by the offline proposer: no usable answer from "
                    + "the researcher in 2 attempt(s); last: malformed: the answer could not be read"), fallbacks.get(0));
            assertTrue(fallbacks.get(1).startsWith("proposal 6 made by the offline proposer: the researcher gave no "
                    + "usable proposal in 2 answers"), fallbacks.get(1));
            assertTrue(proposed.get(3).motivation().startsWith("the LLM's proposal could not be used: "),
                    proposed.get(3).motivation());
            assertEquals(List.of("no insight on " + proposed.get(0).name() + ": no usable answer from the analyst in 2 "
                    + "attempt(s); last: malformed: the answer has no text"), events(store, runId, "llm").stream()
                    .filter(m -> m.startsWith("no insight")).toList());
            assertEquals(4, store.insights(runId).size(), "the analyst reads the offline proposals' results too");
            List<LlmExchangeRecord> x = store.llmExchanges(runId);
            assertEquals(server.requests().size(), x.size());
            assertEquals(6, x.stream().filter(e -> e.error() != null && e.error().startsWith("malformed: ")).count());
            assertTrue(x.stream().allMatch(e -> e.candidateId() != null), "each exchange belongs to a candidate");
        }
    }

    @Test
    void should_fill_every_slot_offline_when_ollama_only_answers_badly_and_use_the_model_once_it_answers() {
        Conversation c = new Conversation();
        for (int i = 0; i < 2 * 2; i++) {
            c.researcher.add(BadAnswer.values()[i % BadAnswer.values().length]);
        }
        c.researcher.add(reply(proposal("OllamaConv", "Twelve filters suffice for silhouettes.",
                conv("OllamaConv", 12, 3, "relu"))));
        List<String> lines = new ArrayList<>();
        try (ScriptedLlmServer server = serve(c); Store store = Stores.openHome(home)) {
            String runId = new RunLauncher(store, home, quiet(lines)).start(config(
                    LlmConfig.of("ollama:qwen-test", server.ollamaBaseUrl()).withTimeout(5, 2), 6));

            assertEquals(RunState.COMPLETED, store.run(runId).orElseThrow().state(), lines.toString());
            assertEquals(List.of(FallbackProposer.NAME, FallbackProposer.NAME, LlmProposer.NAME),
                    store.candidates(runId).subList(3, 6).stream().map(CandidateRecord::proposer).toList());
            assertEquals("OllamaConv", store.candidates(runId).get(5).name());
            assertEquals(6, store.trials(runId).size(), "every slot was trained");
            assertTrue(store.trials(runId).stream().allMatch(TrialRecord::succeeded), lines.toString());
        }
    }

    @Test
    void should_stop_at_the_token_cap_when_the_server_reports_negative_prompt_tokens() {
        Conversation c = new Conversation();
        String[] names = {"CapOne", "CapTwo", "CapThree", "CapFour", "CapFive", "CapSix"};
        for (int i = 0; i < names.length; i++) {
            ScriptedLlmServer.Reply r = reply(proposal(names[i], "Variant " + names[i] + " of the stem.",
                    conv(names[i], 4 + 2 * i, 3, "relu")));
            c.researcher.add(r.withTokens(-1_000_000, 100));   // it must not buy the run a million tokens
            c.researcher.add(r.withTokens(400, 100));
            c.analyst.add(reply("Insight on " + names[i] + ".").withTokens(400, 100));
        }
        long cap = 1_000;
        List<String> lines = new ArrayList<>();
        try (ScriptedLlmServer server = serve(c); Store store = Stores.openHome(home)) {
            String runId = new RunLauncher(store, home, quiet(lines)).start(config(
                    LlmConfig.of("openai:test-model", server.openAiBaseUrl()).withTimeout(5, 2).withLimits(0, cap),
                    3 + names.length));

            assertTrue(events(store, runId, "stopped").stream().anyMatch(m -> m.contains("token budget spent")),
                    store.events(runId).toString());
            long spent = store.llmSpend(runId).tokens();
            assertTrue(spent >= cap && spent <= cap + 500, "over the cap by at most one exchange: " + spent);
            List<LlmExchangeRecord> x = store.llmExchanges(runId);
            assertTrue(x.stream().allMatch(e -> e.promptTokens() == null || e.promptTokens() >= 0), x.toString());
            assertTrue(x.get(0).error().contains("impossible token usage: -1000000 prompt"), x.get(0).error());
            assertTrue(store.candidates(runId).stream().filter(k -> k.proposer().equals(LlmProposer.NAME)).count()
                    < names.length, "the cap ended the run before its trial budget");
        }
    }

    static List<String> events(Store store, String runId, String kind) {
        return store.events(runId).stream().filter(e -> e.kind().equals(kind)).map(EventRecord::message).toList();
    }
}
