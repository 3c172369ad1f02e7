package io.archlab.agent.llm;

import static io.archlab.agent.llm.ScriptedLlmServer.responder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.archlab.agent.FallbackProposer;
import io.archlab.agent.RunConfig;
import io.archlab.agent.RunLauncher;
import io.archlab.agent.TrialPlan;
import io.archlab.agent.llm.ScriptedLlmServer.Reply;
import io.archlab.agent.llm.ScriptedLlmServer.Responder;
import io.archlab.agent.llm.ScriptedLlmServer.Step;
import io.archlab.agent.llm.SimulatedModel.Shape;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.LlmExchangeRecord;
import io.archlab.knowledge.RunState;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import io.archlab.knowledge.TrialRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A discovery run of {@value #TRIALS} trials against each kind of endpoint archlab supports, over
 * real HTTP: LangChain4j's client for that provider talks to a {@link ScriptedLlmServer} that
 * refuses what that provider's API refuses ({@link ProviderConformanceTest}'s servers) and
 * otherwise answers as a {@link SimulatedModel}: a new network for each proposal, written in the
 * shapes real models write (prose around it, a {@code <think>} block, a {@code ```json} fence,
 * trailing commas, raw newlines in strings), sometimes no proposal or nothing at all, in the
 * schema's JSON where the endpoint holds answers to it and as a JSON header and a {@code ```java}
 * block where it does not. Each run must complete with every slot filled, most of them by the
 * LLM, every LLM design trained, and every request on that provider's path and wire format.
 */
class SimulatedProvidersRunTest {
    static final int TRIALS = 20;
    /** Baselines each run starts from (planted, not proposed). */
    static final int BASELINES = 3;
    /** Responders queued per run: more than any run asks for. */
    static final int STEPS = 400;
    /**
     * Steps per trial, decided up front: these runs are about the LLM's wire and answers, and six
     * runs of {@value #TRIALS} trials must stay within a few minutes on two cores.
     */
    static final RunConfig.Compute COMPUTE = new RunConfig.Compute(40, 0, 200, Map.of("given", 200.0));
    /** The share of proposals the LLM must have made. */
    static final double LLM_SHARE = 0.6;
    static final Set<Shape> USABLE = Arrays.stream(Shape.values()).filter(Shape::usable)
            .collect(Collectors.toUnmodifiableSet());

    @TempDir
    Path home;

    /**
     * One provider shape.
     *
     * @param spec      {@code --llm}
     * @param baseUrl   the base URL its client needs on the server
     * @param path      where each of its requests must go
     * @param wire      the wire format of that path
     * @param schema    whether its researcher is held to the proposal schema
     * @param api       the rules of its API: a refusal (or a truncated prompt's answer), else "ok"; null: none
     * @param request   what each request of a role must carry on its wire
     */
    record Provider(String spec, Function<ScriptedLlmServer, String> baseUrl, String path, LlmWire wire,
            boolean schema, Step api, BiConsumer<RecordedRequest, String> request) {
        String model() {
            return spec.substring(spec.indexOf(':') + 1);
        }
    }

    @Test
    void should_complete_twenty_trials_against_an_openai_chat_model() {
        run(new Provider("openai:gpt-4o-mini", ScriptedLlmServer::openAiBaseUrl, "/v1/chat/completions",
                LlmWire.OPENAI_CHAT, true, null, (r, role) -> {
                    JsonNode j = r.json();
                    ProviderProfile.RoleSettings s = ProviderProfile.RoleSettings.of(role);
                    assertTrue(r.header("Authorization").orElse("").startsWith("Bearer "), r.headers().toString());
                    assertEquals(s.temperature(), j.path("temperature").asDouble(-1), 1e-9, j.toString());
                    assertEquals(s.maxTokens(), j.path("max_completion_tokens").asInt(), j.toString());
                    assertFalse(j.has("max_tokens") || j.has("reasoning_effort"), j.toString());
                    assertOpenAiSchema(j, role);
                }));
    }

    @Test
    void should_complete_twenty_trials_against_an_openai_reasoning_model() {
        run(new Provider("openai:o4-mini", ScriptedLlmServer::openAiBaseUrl, "/v1/chat/completions",
                LlmWire.OPENAI_CHAT, true, ProviderConformanceTest.reasoningModel(), (r, role) -> {
                    JsonNode j = r.json();
                    assertFalse(j.has("temperature") || j.has("max_tokens"), j.toString());
                    assertEquals(OpenAiProfile.REASONING_ROOM * ProviderProfile.RoleSettings.of(role).maxTokens(),
                            j.path("max_completion_tokens").asInt(), j.toString());
                    assertOpenAiSchema(j, role);
                }));
    }

    @Test
    void should_complete_twenty_trials_against_vllm() {
        run(new Provider("vllm:Qwen/Qwen2.5-Coder-7B-Instruct", ScriptedLlmServer::openAiBaseUrl,
                "/v1/chat/completions", LlmWire.OPENAI_CHAT, true, null, (r, role) -> {
                    JsonNode j = r.json();
                    ProviderProfile.RoleSettings s = ProviderProfile.RoleSettings.of(role);
                    assertEquals(s.maxTokens(), j.path("max_tokens").asInt(), j.toString());
                    assertEquals(s.temperature(), j.path("temperature").asDouble(-1), 1e-9, j.toString());
                    assertFalse(j.has("max_completion_tokens"), j.toString());
                    assertOpenAiSchema(j, role);
                }));
    }

    @Test
    void should_complete_twenty_trials_against_ollama() {
        run(new Provider("ollama:qwen2.5-coder:7b", ScriptedLlmServer::ollamaBaseUrl, "/api/chat",
                LlmWire.OLLAMA_CHAT, true, ProviderConformanceTest.ollama(), (r, role) -> {
                    JsonNode j = r.json();
                    JsonNode options = j.path("options");
                    ProviderProfile.RoleSettings s = ProviderProfile.RoleSettings.of(role);
                    assertEquals(s.maxTokens(), options.path("num_predict").asInt(), options.toString());
                    assertTrue(options.path("num_ctx").asInt() >= ScriptedLlmServer.estimateTokens(r.messagesText())
                            + s.maxTokens(), "the window holds the prompt and the answer: " + options);
                    assertEquals(s.temperature(), options.path("temperature").asDouble(-1), 1e-9);
                    assertFalse(j.path("stream").asBoolean(true), "not streamed");
                    assertEquals(List.of("system", "user"), r.roles());
                    if (role.equals(LlmProposer.RESEARCHER)) {
                        assertProposalSchema(j.path("format"));
                    } else {
                        assertFalse(j.has("format"), j.toString());
                    }
                }));
    }

    @Test
    void should_complete_twenty_trials_against_anthropic() {
        run(new Provider("anthropic:claude-sonnet-4-5", ScriptedLlmServer::openAiBaseUrl, "/v1/messages",
                LlmWire.ANTHROPIC_MESSAGES, false, ProviderConformanceTest.anthropic(), (r, role) -> {
                    JsonNode j = r.json();
                    ProviderProfile.RoleSettings s = ProviderProfile.RoleSettings.of(role);
                    assertTrue(r.header("x-api-key").isPresent() && r.header("anthropic-version").isPresent(),
                            r.headers().toString());
                    assertEquals(s.maxTokens(), j.path("max_tokens").asInt(), j.toString());
                    assertEquals(s.temperature(), j.path("temperature").asDouble(-1), 1e-9);
                    assertEquals("ephemeral", j.path("system").path(0).path("cache_control").path("type").asText(),
                            "the system prompt is cached: " + j.path("system"));
                    assertEquals(List.of("user"), r.roles());
                    assertFalse(j.has("response_format") || j.has("output_format"), "Anthropic is asked for text");
                }));
    }

    @Test
    void should_complete_twenty_trials_against_gemini() {
        run(new Provider("gemini:gemini-2.5-flash", ScriptedLlmServer::geminiBaseUrl,
                "/v1beta/models/gemini-2.5-flash:generateContent", LlmWire.GEMINI_GENERATE, true,
                ProviderConformanceTest.gemini(), (r, role) -> {
                    JsonNode g = r.json().path("generationConfig");
                    ProviderProfile.RoleSettings s = ProviderProfile.RoleSettings.of(role);
                    assertTrue(r.header("x-goog-api-key").isPresent(), r.headers().toString());
                    assertFalse(r.json().path("systemInstruction").isMissingNode(), "the system prompt is apart");
                    assertEquals(List.of("user"), r.roles());
                    assertEquals(GeminiProfile.THINKING_BUDGET, g.path("thinkingConfig").path("thinkingBudget").asInt(),
                            g.toString());
                    assertEquals(s.maxTokens() + GeminiProfile.THINKING_BUDGET, g.path("maxOutputTokens").asInt());
                    assertEquals(s.temperature(), g.path("temperature").asDouble(-1), 1e-9);
                    if (role.equals(LlmProposer.RESEARCHER)) {
                        assertEquals("application/json", g.path("responseMimeType").asText(), g.toString());
                        assertTrue(g.path("responseSchema").path("required").toString().contains("\"source\""),
                                g.toString());
                    } else {
                        assertFalse(g.has("responseSchema"), g.toString());
                    }
                }));
    }

    /** OpenAI's chat API and the local servers of it: the researcher's {@code response_format} is the schema. */
    static void assertOpenAiSchema(JsonNode request, String role) {
        assertEquals(List.of("system", "user"), roles(request));
        if (role.equals(LlmProposer.RESEARCHER)) {
            JsonNode format = request.path("response_format");
            assertEquals("json_schema", format.path("type").asText(), format.toString());
            assertTrue(format.path("json_schema").path("strict").asBoolean(), format.toString());
            assertProposalSchema(format.path("json_schema").path("schema"));
        } else {
            assertFalse(request.has("response_format"), request.toString());
        }
    }

    static List<String> roles(JsonNode request) {
        List<String> roles = new ArrayList<>();
        request.path("messages").forEach(m -> roles.add(m.path("role").asText()));
        return roles;
    }

    static void assertProposalSchema(JsonNode schema) {
        assertEquals("object", schema.path("type").asText(), schema.toString());
        for (String field : List.of("name", "hypothesis", "motivation", "expected_effect", "source")) {
            assertTrue(schema.path("required").toString().contains("\"" + field + "\""), schema.toString());
        }
    }

    /** The step for every request: the API's refusal if it refuses the request, else the model's answer. */
    static Step serving(Step api, SimulatedModel model) {
        return responder(r -> {
            if (api != null) {
                Step verdict = ((Responder) api).choose().apply(r);
                if (!(verdict instanceof Reply ok && ok.content().startsWith("ok"))) {
                    return verdict;
                }
            }
            return model.answer(r);
        });
    }

    static String role(RecordedRequest r) {
        String system = r.systemMessage().orElse("");
        return system.contains("archlab's researcher") ? LlmProposer.RESEARCHER
                : system.contains("archlab's engineer") ? LlmProposer.ENGINEER : LlmProposer.ANALYST;
    }

    private void run(Provider p) {
        SimulatedModel model = new SimulatedModel(7);
        List<String> lines = new ArrayList<>();
        long t0 = System.nanoTime();
        try (ScriptedLlmServer server = ScriptedLlmServer.start(); Store store = Stores.openHome(home)) {
            for (int i = 0; i < STEPS; i++) {
                server.enqueue(serving(p.api(), model));
            }
            LlmConfig llm = LlmConfig.of(p.spec(), p.baseUrl().apply(server)).withTimeout(30, 2);
            RunConfig config = LlmDiscoveryRunTest.config(llm, TRIALS).withCompute(COMPUTE);
            String runId = new RunLauncher(store, home, LlmDiscoveryRunTest.quiet(lines)).start(config);
            String why = p.spec() + ": " + lines;

            // the run completed its trial budget: no run ended by parsing, no slot left empty
            assertEquals(RunState.COMPLETED, store.run(runId).orElseThrow().state(), why);
            List<TrialRecord> trials = store.trials(runId);
            assertTrue(trials.size() >= TRIALS, trials.size() + " trials; " + why);
            assertEquals(List.of(), LlmDiscoveryRunTest.events(store, runId, "proposal"), "no slot was left empty");
            assertTrue(LlmDiscoveryRunTest.events(store, runId, "stopped").stream()
                    .noneMatch(m -> m.contains("failed") || m.contains("LLM")), store.events(runId).toString());

            // the LLM made most proposals; the few it could not were made offline, each with its reason
            List<CandidateRecord> proposed = store.candidates(runId).stream()
                    .filter(c -> !c.proposer().equals(TrialPlan.BASELINE)).toList();
            assertEquals(TRIALS - BASELINES, proposed.size(), why);
            List<CandidateRecord> byLlm = proposed.stream().filter(c -> c.proposer().equals(LlmProposer.NAME))
                    .toList();
            long fallbacks = proposed.stream().filter(c -> c.proposer().equals(FallbackProposer.NAME)).count();
            assertEquals(proposed.size(), byLlm.size() + fallbacks, "only the LLM and its fallback propose");
            assertTrue(byLlm.size() >= LLM_SHARE * proposed.size(), byLlm.size() + " of " + proposed.size()
                    + " by the LLM; " + why);
            assertTrue(fallbacks >= 1, "the simulator's double bad answers are filled offline: " + why);
            List<String> offline = LlmDiscoveryRunTest.events(store, runId, FallbackProposer.NAME);
            assertEquals(fallbacks, offline.size(), offline.toString());
            assertTrue(offline.stream().allMatch(m -> m.contains("made by the offline proposer")), offline.toString());
            assertTrue(offline.stream().anyMatch(m -> m.contains("the researcher gave no usable proposal in "
                    + LlmProposer.FORMAT_ATTEMPTS + " answers")), "two answers without a proposal: " + offline);
            assertTrue(offline.stream().anyMatch(m -> m.contains("no usable answer from the researcher in "
                    + llm.attempts() + " attempt(s)")), "two empty answers: " + offline);
            List<String> llmEvents = LlmDiscoveryRunTest.events(store, runId, "llm");
            assertTrue(llmEvents.stream().anyMatch(m -> m.startsWith("researcher answer 1 unusable")),
                    "a proposal was asked again: " + llmEvents);
            assertTrue(llmEvents.stream().noneMatch(m -> m.contains("refused structured output")),
                    llmEvents.toString());

            // each LLM design is one the model wrote (or its engineer repaired), and it trained
            Set<String> written = model.written();
            Map<String, Shape> shapeOf = model.shapeOf();
            for (CandidateRecord c : byLlm) {
                assertTrue(written.contains(c.source()), c.name() + " is the model's program:\n" + c.source());
                assertTrue(c.source().contains("implements Architecture") && c.source().contains("n.conv2d("),
                        c.source());
                assertNotNull(c.irHash(), c.name() + " was traced");
                assertTrue(c.params() != null && c.params() <= config.maxParams(), c.name() + ": " + c.params());
                List<TrialRecord> own = store.trialsOf(c.id());
                assertFalse(own.isEmpty(), c.name() + " was trained");
                assertTrue(own.stream().allMatch(TrialRecord::succeeded), c.name() + ": " + own);
                assertNotNull(c.hypothesis(), c.name());
            }
            // every usable shape of answer was read from this provider's wire into a trained candidate
            Set<Shape> read = byLlm.stream().map(c -> shapeOf.get(c.name())).collect(Collectors.toSet());
            assertEquals(USABLE, read, "shapes read into candidates: " + read + "; written: " + model.shapes());
            // the missing semicolons were restored by the engineer before training
            assertTrue(model.engineerRequests() >= 1, "the engineer was asked");
            assertTrue(store.events(runId).stream().anyMatch(e -> e.kind().equals("check")
                    && e.message().contains(": compile_error at ")), "a compile error was caught before training");

            // every request went to this provider's path, in its wire format, and every one was recorded
            List<RecordedRequest> requests = server.requests();
            assertEquals(0, server.exhaustedRequests());
            assertEquals(model.researcherRequests() + model.engineerRequests() + model.analystRequests(),
                    requests.size(), "the API refused none of them");
            for (RecordedRequest r : requests) {
                assertEquals(p.path(), r.path(), r.toString());
                assertEquals(p.wire(), r.endpoint());
                assertEquals("POST", r.method());
                assertEquals(p.model(), r.model());
                p.request().accept(r, role(r));
            }
            boolean asked = requests.stream().filter(r -> role(r).equals(LlmProposer.RESEARCHER))
                    .allMatch(r -> r.messagesText().contains(SimulatedModel.JSON_FORMAT) == p.schema());
            assertTrue(asked, p.spec() + (p.schema() ? " is asked for the source inside the JSON"
                    : " is asked for a ```java block"));
            List<LlmExchangeRecord> x = store.llmExchanges(runId);
            assertEquals(requests.size(), x.size());
            assertTrue(x.stream().allMatch(e -> e.model().equals(p.spec())), p.spec());
            assertTrue(x.stream().filter(e -> e.error() == null).allMatch(e -> e.promptTokens() != null
                    && e.completionTokens() != null), "token usage read from " + p.wire());
            List<String> errors = x.stream().map(LlmExchangeRecord::error).filter(e -> e != null).toList();
            assertEquals((int) model.shapes().getOrDefault(Shape.EMPTY, 0), errors.size(),
                    "only the empty answers failed: " + errors);
            assertTrue(errors.stream().allMatch(e -> e.startsWith("malformed: ")), errors.toString());

            double wall = (System.nanoTime() - t0) / 1e9;
            double training = trials.stream().mapToDouble(TrialRecord::totalSeconds).sum();
            double waiting = x.stream().mapToDouble(LlmExchangeRecord::latencyMs).sum() / 1e3;
            System.out.printf(Locale.ROOT, "%s: %d trials (%d LLM, %d fallback) in %.1f s (%.1f s in trials, %.1f s in "
                    + "LLM requests); %d requests (%d researcher, %d engineer, %d analyst); answers written %s%n",
                    p.spec(), trials.size(), byLlm.size(), fallbacks, wall, training, waiting, requests.size(),
                    model.researcherRequests(), model.engineerRequests(), model.analystRequests(), model.shapes());
            LlmDiscoveryRunTest.events(store, runId, "check").forEach(m -> System.out.println("  check: " + m));
        }
    }
}
