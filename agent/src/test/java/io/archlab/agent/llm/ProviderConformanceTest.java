package io.archlab.agent.llm;

import static io.archlab.agent.llm.ScriptedLlmServer.reply;
import static io.archlab.agent.llm.ScriptedLlmServer.responder;
import static io.archlab.agent.llm.ScriptedLlmServer.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What archlab sends each kind of endpoint, over real HTTP to in-test servers that hold requests to
 * the rules their APIs document: OpenAI's reasoning models refuse a temperature with HTTP 400
 * {@code unsupported_parameter}; Ollama keeps only the last {@code num_ctx} tokens of a prompt
 * (2,048 when a request names none), so a long prompt loses its system message without an error;
 * Anthropic's Messages API requires {@code max_tokens}, its key and version headers, temperatures in
 * [0, 1] and the system prompt outside the messages; Gemini takes its key in a header, the system
 * prompt as {@code systemInstruction}, and its thinking models spend part of {@code maxOutputTokens}
 * on thinking before they write a word.
 */
class ProviderConformanceTest {
    /** A system message the size of archlab's (the DSL reference is most of it): about 5K tokens. */
    static final String SYSTEM = "You are archlab's researcher. DSL reference:\n" + "n.conv2d(x, channels, kernel) ... "
            .repeat(450);
    static final String USER = "Propose one architecture.";

    /** OpenAI's answer to a parameter a reasoning model does not support. */
    static final String UNSUPPORTED_TEMPERATURE = "{\"error\": {\"message\": \"Unsupported parameter: 'temperature' is "
            + "not supported with this model.\", \"type\": \"invalid_request_error\", \"param\": \"temperature\", "
            + "\"code\": \"unsupported_parameter\"}}";

    /** An OpenAI reasoning model: refuses temperature and max_tokens as OpenAI does, else answers. */
    static ScriptedLlmServer.Step reasoningModel() {
        return responder(r -> r.json().has("temperature") ? status(400, UNSUPPORTED_TEMPERATURE)
                : r.json().has("max_tokens") ? status(400, UNSUPPORTED_TEMPERATURE.replace("temperature", "max_tokens"))
                : reply("ok"));
    }

    /**
     * Ollama: a prompt longer than the request's window (2,048 tokens when it names none) is cut from
     * the front, so the model never sees the system message and answers without it.
     */
    static ScriptedLlmServer.Step ollama() {
        return responder(r -> {
            int window = r.json().path("options").path("num_ctx").asInt(2_048);
            int prompt = ScriptedLlmServer.estimateTokens(r.messagesText());
            return reply(prompt > window ? "I do not know any DSL." : "ok, read " + prompt + " tokens");
        });
    }

    /** Anthropic's error body: {@code {"type":"error","error":{"type":..,"message":..}}}. */
    static String anthropicError(String type, String message) {
        return "{\"type\": \"error\", \"error\": {\"type\": \"" + type + "\", \"message\": \"" + message + "\"}}";
    }

    /** Anthropic's Messages API: refuses what its documentation says it refuses, else answers. */
    static ScriptedLlmServer.Step anthropic() {
        return responder(r -> {
            JsonNode j = r.json();
            if (r.header("x-api-key").isEmpty()) {
                return status(401, anthropicError("authentication_error", "x-api-key header is required"));
            }
            if (r.header("anthropic-version").isEmpty()) {
                return status(400, anthropicError("invalid_request_error", "anthropic-version: header is required"));
            }
            if (!j.path("max_tokens").isInt()) {
                return status(400, anthropicError("invalid_request_error", "max_tokens: Field required"));
            }
            double t = j.path("temperature").asDouble(0);
            if (t < 0 || t > 1) {
                return status(400, anthropicError("invalid_request_error",
                        "temperature: Input should be less than or equal to 1"));
            }
            if (r.roles().contains("system")) {
                return status(400, anthropicError("invalid_request_error", "messages: Unexpected role \\\"system\\\". "
                        + "The Messages API accepts a top-level `system` parameter, not \\\"system\\\" as an input "
                        + "message role."));
            }
            return reply("ok");
        });
    }

    /**
     * Gemini's error body, pretty-printed as Google sends it:
     * {@code {"error":{"code":..,"message":..,"status":..,"details":[..]}}}.
     */
    static String geminiError(int code, String status, String message, String details) {
        return "{\n  \"error\": {\n    \"code\": " + code + ",\n    \"message\": \"" + message + "\",\n    \"status\": \""
                + status + "\",\n    \"details\": [" + details + "]\n  }\n}\n";
    }

    /** Tokens a thinking Gemini model spends thinking about archlab's prompt before it answers. */
    static final int GEMINI_THOUGHTS = 6_000;

    /**
     * Gemini's API: refuses a request without its key header, a {@code system} role among the
     * contents and a temperature outside [0, 2]. A thinking model (not 1.x/2.0) first spends
     * {@link #GEMINI_THOUGHTS} of {@code maxOutputTokens} thinking; what is left must hold the answer,
     * else it stops at {@code MAX_TOKENS} with no text, as Gemini 2.5 does.
     */
    static ScriptedLlmServer.Step gemini() {
        return responder(r -> {
            JsonNode j = r.json();
            if (r.header("x-goog-api-key").isEmpty()) {
                return status(403, geminiError(403, "PERMISSION_DENIED",
                        "Method doesn't allow unregistered callers (callers without established identity).", ""));
            }
            if (r.roles().contains("system")) {
                return status(400, geminiError(400, "INVALID_ARGUMENT",
                        "Please use a valid role: user, model.", ""));
            }
            double t = j.path("generationConfig").path("temperature").asDouble(1);
            if (t < 0 || t > 2) {
                return status(400, geminiError(400, "INVALID_ARGUMENT", "Unable to submit request because "
                        + "temperature must be in the range [0, 2].", ""));
            }
            int room = j.path("generationConfig").path("maxOutputTokens").asInt(65_536);
            boolean thinks = !r.model().matches("gemini-(1\\.|2\\.0).*");
            if (thinks && room - GEMINI_THOUGHTS < 100) {
                return status(200, "{\"candidates\": [{\"content\": {\"role\": \"model\"}, "
                        + "\"finishReason\": \"MAX_TOKENS\", \"index\": 0}], \"usageMetadata\": "
                        + "{\"promptTokenCount\": 5000, \"totalTokenCount\": " + (5_000 + room)
                        + ", \"thoughtsTokenCount\": " + room + "}}");
            }
            return reply("ok");
        });
    }

    static JsonNode send(LlmConfig config, String role, ScriptedLlmServer.Step... steps) throws LlmCallException {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(steps)) {
            String base = switch (config.provider()) {
                case LlmConfig.OLLAMA -> server.ollamaBaseUrl();
                case LlmConfig.GEMINI -> server.geminiBaseUrl();
                default -> server.openAiBaseUrl();
            };
            LlmConfig at = new LlmConfig(config.provider(), config.model(), base, 10, 1, 0, 0, 0, 0, 3, 2,
                    config.reasoningEffort());
            LlmReply r = new LangChainClient(at, "test-key").chat(role, SYSTEM, USER);
            assertEquals(1, server.requests().size());
            return LlmWire.JSON.valueToTree(java.util.Map.of("answer", r.text(), "request",
                    server.requests().get(0).json()));
        }
    }

    @Test
    void should_ask_an_openai_reasoning_model_without_temperature_and_with_room_to_reason() throws Exception {
        for (String model : List.of("o3", "o4-mini", "o3-mini-2025-01-31", "gpt-5", "gpt-5-mini", "o1")) {
            JsonNode x = send(LlmConfig.of("openai:" + model, "http://unused/v1").withReasoningEffort("low"),
                    LlmProposer.RESEARCHER, reasoningModel());
            assertEquals("ok", x.path("answer").asText(), model);
            JsonNode req = x.path("request");
            assertFalse(req.has("temperature"), model + ": " + req);
            assertEquals(4 * 4_096, req.path("max_completion_tokens").asInt(), model + ": " + req);
            assertEquals("low", req.path("reasoning_effort").asText(), model + ": " + req);
        }
    }

    @Test
    void should_name_the_refused_parameter_when_openai_answers_400() {
        // a chat model's name on a server that serves a reasoning model: the 400 is a bad request, named
        LlmCallException e = assertThrows(LlmCallException.class, () -> send(LlmConfig.of("openai:gpt-4o-mini",
                "http://unused/v1"), LlmProposer.RESEARCHER, reasoningModel()));
        assertEquals(LlmCallException.Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("HTTP 400") && e.getMessage().contains("temperature"), e.getMessage());
    }

    @Test
    void should_send_each_role_its_temperature_and_length_to_openai_chat_models() throws Exception {
        JsonNode researcher = send(LlmConfig.of("openai:gpt-4o-mini", "http://unused/v1"), LlmProposer.RESEARCHER,
                reply("ok")).path("request");
        assertEquals(0.7, researcher.path("temperature").asDouble(), 1e-9);
        assertEquals(4_096, researcher.path("max_completion_tokens").asInt());
        assertFalse(researcher.has("reasoning_effort") || researcher.has("max_tokens"), researcher.toString());
        JsonNode engineer = send(LlmConfig.of("openai:gpt-4.1", "http://unused/v1"), LlmProposer.ENGINEER, reply("ok"))
                .path("request");
        assertEquals(0.2, engineer.path("temperature").asDouble(), 1e-9);
        JsonNode analyst = send(LlmConfig.of("openai:gpt-4.1", "http://unused/v1"), LlmProposer.ANALYST, reply("ok"))
                .path("request");
        assertEquals(600, analyst.path("max_completion_tokens").asInt());
    }

    /** The seeds of three requests (researcher, researcher, engineer) of a client seeded by {@code runSeed}. */
    static List<Integer> seeds(String provider, long runSeed) throws Exception {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(reply("a"), reply("b"), reply("c"))) {
            String base = provider.equals(LlmConfig.OLLAMA) ? server.ollamaBaseUrl() : server.openAiBaseUrl();
            LangChainClient client = new LangChainClient(LlmConfig.of(provider + ":m", base), "k").seededBy(runSeed);
            client.chat(LlmProposer.RESEARCHER, SYSTEM, USER);
            client.chat(LlmProposer.RESEARCHER, SYSTEM, USER);
            client.chat(LlmProposer.ENGINEER, SYSTEM, USER);
            return server.requests().stream().map(r -> provider.equals(LlmConfig.OLLAMA)
                    ? r.json().path("options").path("seed") : r.json().path("seed"))
                    .map(n -> n.isMissingNode() ? null : n.asInt()).toList();
        }
    }

    @Test
    void should_seed_each_request_from_the_run_seed_the_role_and_its_turn_where_the_endpoint_takes_a_seed()
            throws Exception {
        for (String provider : List.of(LlmConfig.OPENAI, LlmConfig.VLLM, LlmConfig.LLAMACPP, LlmConfig.OLLAMA)) {
            List<Integer> first = seeds(provider, 7);
            assertTrue(first.stream().allMatch(java.util.Objects::nonNull), provider + ": " + first);
            assertEquals(3, new java.util.HashSet<>(first).size(), provider + ": no two requests share a seed " + first);
            assertEquals(first, seeds(provider, 7), provider + ": the same run seed asks with the same seeds");
            assertFalse(first.equals(seeds(provider, 8)), provider + ": another run seed, other seeds");
        }
        JsonNode reasoning = send(LlmConfig.of("openai:o4-mini", "http://unused/v1"), LlmProposer.RESEARCHER,
                reasoningModel()).path("request");
        assertFalse(reasoning.has("seed"), "a reasoning model is sent only what it documents: " + reasoning);
    }

    @Test
    void should_send_local_openai_servers_the_classic_max_tokens() throws Exception {
        for (String provider : List.of(LlmConfig.VLLM, LlmConfig.LLAMACPP, LlmConfig.LMSTUDIO)) {
            JsonNode req = send(LlmConfig.of(provider + ":qwen2.5-coder", null), LlmProposer.RESEARCHER, reply("ok"))
                    .path("request");
            assertEquals(4_096, req.path("max_tokens").asInt(), provider + ": " + req);
            assertEquals(0.7, req.path("temperature").asDouble(), 1e-9);
            assertFalse(req.has("max_completion_tokens"), provider + ": " + req);
        }
    }

    @Test
    void should_size_ollamas_window_to_the_prompt_and_the_answer_so_nothing_is_cut() throws Exception {
        JsonNode x = send(LlmConfig.of("ollama:qwen2.5-coder", null), LlmProposer.RESEARCHER, ollama());
        assertTrue(x.path("answer").asText().startsWith("ok, read "), x.toString());
        JsonNode options = x.path("request").path("options");
        int prompt = ScriptedLlmServer.estimateTokens(SYSTEM + "\n" + USER);
        assertTrue(prompt > 2_048, "the prompt is longer than Ollama's default window: " + prompt);
        assertTrue(options.path("num_ctx").asInt() >= prompt + 4_096, options.toString());
        assertEquals(0, options.path("num_ctx").asInt() % OllamaProfile.WINDOW_STEP, options.toString());
        assertEquals(4_096, options.path("num_predict").asInt(), "a runaway answer ends at the role's length");
        assertEquals(0.7, options.path("temperature").asDouble(), 1e-9);
    }

    @Test
    void should_send_anthropic_its_required_fields_and_cache_the_system_prompt() throws Exception {
        for (String role : List.of(LlmProposer.RESEARCHER, LlmProposer.ENGINEER, LlmProposer.ANALYST)) {
            JsonNode x = send(LlmConfig.of("anthropic:claude-sonnet-4-5", "http://unused/v1"), role, anthropic());
            assertEquals("ok", x.path("answer").asText(), role + ": " + x);
            JsonNode req = x.path("request");
            ProviderProfile.RoleSettings s = ProviderProfile.RoleSettings.of(role);
            assertEquals(s.maxTokens(), req.path("max_tokens").asInt(), req.toString());
            assertEquals(s.temperature(), req.path("temperature").asDouble(), 1e-9);
            assertEquals("claude-sonnet-4-5", req.path("model").asText());
            // the ~5K-token system prompt is the same in every request of a run: cached after the first
            JsonNode system = req.path("system");
            assertTrue(system.isArray() && system.get(0).path("text").asText().equals(SYSTEM), system.toString());
            assertEquals("ephemeral", system.get(0).path("cache_control").path("type").asText(), system.toString());
        }
    }

    @Test
    void should_send_anthropic_the_key_and_version_headers() throws Exception {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(anthropic())) {
            LlmConfig config = LlmConfig.of("anthropic:claude-haiku-4-5", server.openAiBaseUrl()).withTimeout(10, 1);
            assertEquals("ok", new LangChainClient(config, "sk-ant-test").chat(LlmProposer.RESEARCHER, SYSTEM, USER)
                    .text());
            RecordedRequest r = server.requests().get(0);
            assertEquals("/v1/messages", r.path());
            assertEquals("sk-ant-test", r.header("x-api-key").orElseThrow());
            assertTrue(r.header("anthropic-version").orElseThrow().matches("\\d{4}-\\d{2}-\\d{2}"),
                    r.headers().toString());
            assertFalse(r.header("Authorization").isPresent(), "Anthropic's key goes in x-api-key only");
        }
    }

    @Test
    void should_tell_anthropics_refusals_apart() {
        LlmConfig opus = LlmConfig.of("anthropic:claude-opus-4-1", "http://unused/v1");
        LlmCallException e = assertThrows(LlmCallException.class, () -> send(opus, LlmProposer.RESEARCHER,
                status(529, anthropicError("overloaded_error", "Overloaded"))));
        assertEquals(LlmCallException.Kind.SERVER_ERROR, e.kind(), "529 overloaded is tried again");
        e = assertThrows(LlmCallException.class, () -> send(opus, LlmProposer.RESEARCHER,
                status(401, anthropicError("authentication_error", "invalid x-api-key"))));
        assertEquals(LlmCallException.Kind.REFUSED, e.kind());
        e = assertThrows(LlmCallException.class, () -> send(opus, LlmProposer.RESEARCHER,
                status(400, anthropicError("invalid_request_error",
                        "prompt is too long: 212345 tokens > 200000 maximum"))));
        assertEquals(LlmCallException.Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("prompt is too long"), e.getMessage());
    }

    @Test
    void should_send_gemini_its_key_in_a_header_the_system_prompt_as_instruction_and_room_to_think()
            throws Exception {
        for (String role : List.of(LlmProposer.RESEARCHER, LlmProposer.ENGINEER, LlmProposer.ANALYST)) {
            JsonNode x = send(LlmConfig.of("gemini:gemini-2.5-flash", "http://unused/v1beta"), role, gemini());
            assertEquals("ok", x.path("answer").asText(), role + ": " + x);
            JsonNode req = x.path("request");
            ProviderProfile.RoleSettings s = ProviderProfile.RoleSettings.of(role);
            JsonNode config = req.path("generationConfig");
            assertEquals(s.temperature(), config.path("temperature").asDouble(), 1e-9);
            assertTrue(config.path("maxOutputTokens").asInt() >= s.maxTokens() + GEMINI_THOUGHTS, config.toString());
            assertEquals(GeminiProfile.THINKING_BUDGET, config.path("thinkingConfig").path("thinkingBudget").asInt(),
                    config.toString());
            assertEquals(SYSTEM, req.path("systemInstruction").path("parts").get(0).path("text").asText());
        }
        // a model that does not think gets the role's length, no more
        JsonNode flash20 = send(LlmConfig.of("gemini:gemini-2.0-flash", "http://unused/v1beta"), LlmProposer.ANALYST,
                gemini()).path("request");
        assertEquals(600, flash20.path("generationConfig").path("maxOutputTokens").asInt(), flash20.toString());
        assertFalse(flash20.path("generationConfig").has("thinkingConfig"), "2.0 refuses a thinking configuration");
        try (ScriptedLlmServer server = ScriptedLlmServer.start(gemini())) {
            LlmConfig config = LlmConfig.of("gemini:gemini-3-pro-preview", server.geminiBaseUrl()).withTimeout(10, 1);
            assertEquals("ok", new LangChainClient(config, "AIza-test").chat(LlmProposer.RESEARCHER, SYSTEM, USER)
                    .text());
            RecordedRequest r = server.requests().get(0);
            assertEquals("/v1beta/models/gemini-3-pro-preview:generateContent", r.path());
            assertEquals("AIza-test", r.header("x-goog-api-key").orElseThrow());
            assertFalse(r.body().contains("AIza-test"), "the key goes in the header only");
        }
    }

    @Test
    void should_tell_geminis_refusals_apart_and_name_them_in_one_line() {
        LlmConfig flash = LlmConfig.of("gemini:gemini-2.5-flash", "http://unused/v1beta");
        // Gemini answers a wrong key with 400, not 401: it is still a refused key, not a bad request
        LlmCallException e = assertThrows(LlmCallException.class, () -> send(flash, LlmProposer.RESEARCHER,
                status(400, geminiError(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
                        "{\"@type\": \"type.googleapis.com/google.rpc.ErrorInfo\", \"reason\": \"API_KEY_INVALID\", "
                                + "\"domain\": \"googleapis.com\"}"))));
        assertEquals(LlmCallException.Kind.REFUSED, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("API key not valid"), e.getMessage());
        e = assertThrows(LlmCallException.class, () -> send(flash, LlmProposer.RESEARCHER,
                status(503, geminiError(503, "UNAVAILABLE", "The model is overloaded. Please try again later.", ""))));
        assertEquals(LlmCallException.Kind.SERVER_ERROR, e.kind(), "503 overloaded is tried again");
        assertTrue(e.getMessage().contains("The model is overloaded"), e.getMessage());
        e = assertThrows(LlmCallException.class, () -> send(flash, LlmProposer.RESEARCHER,
                status(400, geminiError(400, "INVALID_ARGUMENT",
                        "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).",
                        ""))));
        assertEquals(LlmCallException.Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("input token count"), "not the body's first line, a lone brace: "
                + e.getMessage());
    }

    @Test
    void should_wait_as_long_as_geminis_retry_info_asks() throws Exception {
        String exhausted = geminiError(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check "
                + "your plan and billing details.", "{\"@type\": \"type.googleapis.com/google.rpc.RetryInfo\", "
                + "\"retryDelay\": \"36s\"}");
        try (ScriptedLlmServer server = ScriptedLlmServer.start(status(429, exhausted), reply("ok"))) {
            LlmConfig config = LlmConfig.of("gemini:gemini-2.5-flash", server.geminiBaseUrl()).withTimeout(10, 3);
            List<Long> waits = new java.util.ArrayList<>();
            try (io.archlab.knowledge.Store store = io.archlab.agent.TestStores.withRun("r")) {
                LlmGateway g = new LlmGateway(store, "r", config, new LangChainClient(config, "k"), waits::add, 500);
                assertEquals("ok", g.ask(LlmProposer.RESEARCHER, SYSTEM, USER).text());
                assertEquals(List.of(36_000L), waits);
            }
        }
        assertEquals(1_500, HeaderKeepingHttpClient.retryDelayMillis("{\"retryDelay\": \"1.5s\"}"));
        assertEquals(0, HeaderKeepingHttpClient.retryDelayMillis("{\"error\": {}}"));
    }

    @Test
    void should_hold_the_researchers_answer_to_the_proposal_schema_where_the_endpoint_can() throws Exception {
        for (String provider : List.of("openai:gpt-4o-mini", "openai:o4-mini", "vllm:m", "llamacpp:m", "lmstudio:m")) {
            JsonNode format = send(LlmConfig.of(provider, "http://unused/v1"), LlmProposer.RESEARCHER, reply("ok"))
                    .path("request").path("response_format");
            assertEquals("json_schema", format.path("type").asText(), provider + ": " + format);
            assertTrue(format.path("json_schema").path("strict").asBoolean(), provider + ": " + format);
            assertProposalSchema(format.path("json_schema").path("schema"), provider);
        }
        JsonNode ollama = send(LlmConfig.of("ollama:m", null), LlmProposer.RESEARCHER, reply("ok")).path("request");
        assertProposalSchema(ollama.path("format"), "ollama");
        JsonNode gemini = send(LlmConfig.of("gemini:gemini-2.5-flash", "http://unused/v1beta"), LlmProposer.RESEARCHER,
                gemini()).path("request").path("generationConfig");
        assertEquals("application/json", gemini.path("responseMimeType").asText(), gemini.toString());
        JsonNode required = gemini.path("responseSchema").path("required");
        assertTrue(required.toString().contains("\"source\""), gemini.toString());
        // the other roles answer in prose or code, and Anthropic's API is asked for text
        JsonNode engineer = send(LlmConfig.of("vllm:m", null), LlmProposer.ENGINEER, reply("ok")).path("request");
        assertFalse(engineer.has("response_format"), engineer.toString());
        JsonNode anthropic = send(LlmConfig.of("anthropic:claude-sonnet-4-5", "http://unused/v1"),
                LlmProposer.RESEARCHER, anthropic()).path("request");
        assertFalse(anthropic.has("output_format") || anthropic.has("response_format"), anthropic.toString());
    }

    private static void assertProposalSchema(JsonNode schema, String provider) {
        assertEquals("object", schema.path("type").asText(), provider + ": " + schema);
        for (String field : List.of("name", "hypothesis", "motivation", "expected_effect", "source")) {
            assertEquals("string", schema.path("properties").path(field).path("type").asText(), provider + ": " + schema);
            assertTrue(schema.path("required").toString().contains("\"" + field + "\""), provider + ": " + schema);
        }
    }

    @Test
    void should_go_on_in_plain_text_when_the_endpoint_refuses_the_schema_itself() throws Exception {
        String refusal = "{\"error\": {\"code\": 400, \"message\": \"Unsupported response_format type: json_schema\", "
                + "\"type\": \"invalid_request_error\"}}";
        ScriptedLlmServer.Step olderServer = responder(r -> r.json().has("response_format") ? status(400, refusal)
                : reply("ok"));
        try (ScriptedLlmServer server = ScriptedLlmServer.start(olderServer, olderServer, olderServer)) {
            LangChainClient client = new LangChainClient(LlmConfig.of("llamacpp:m", server.openAiBaseUrl())
                    .withTimeout(10, 1), null);
            assertTrue(client.structured(LlmProposer.RESEARCHER));
            assertEquals("ok", client.chat(LlmProposer.RESEARCHER, SYSTEM, USER).text());
            assertEquals(2, server.requests().size(), "asked again without the schema");
            assertFalse(client.structured(LlmProposer.RESEARCHER), "and in plain text from then on");
            assertTrue(client.structureRefused().contains("Unsupported response_format"), client.structureRefused());
            assertEquals("ok", client.chat(LlmProposer.RESEARCHER, SYSTEM, USER).text());
            assertEquals(3, server.requests().size());
            assertFalse(server.requests().get(2).json().has("response_format"));
        }
        // a 400 about something else is the request's own fault: reported, the schema kept
        try (ScriptedLlmServer server = ScriptedLlmServer.start(status(400, ScriptedLlmServer.errorBody(
                "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens.")))) {
            LangChainClient client = new LangChainClient(LlmConfig.of("vllm:m", server.openAiBaseUrl())
                    .withTimeout(10, 1), null);
            LlmCallException e = assertThrows(LlmCallException.class,
                    () -> client.chat(LlmProposer.RESEARCHER, SYSTEM, USER));
            assertEquals(LlmCallException.Kind.BAD_REQUEST, e.kind());
            assertEquals(1, server.requests().size());
            assertTrue(client.structured(LlmProposer.RESEARCHER));
        }
    }

    @Test
    void should_default_each_local_server_to_where_it_listens_and_require_openais_url() {
        assertEquals("http://127.0.0.1:8000/v1", LlmConfig.of("vllm:m", null).baseUrl());
        assertEquals("http://127.0.0.1:8080/v1", LlmConfig.of("llamacpp:m", null).baseUrl());
        assertEquals("http://127.0.0.1:1234/v1", LlmConfig.of("lmstudio:m", null).baseUrl());
        assertEquals("http://127.0.0.1:11434", LlmConfig.of("ollama:m", null).baseUrl());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LlmConfig.of("openai:o3", null));
        assertTrue(e.getMessage().contains("--llm-base-url"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LlmConfig.of("anthropic:claude-sonnet-4-5", null));
        assertTrue(e.getMessage().contains("--llm anthropic:claude-sonnet-4-5 needs --llm-base-url"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LlmConfig.of("openai:o3", "http://x/v1")
                .withReasoningEffort("extreme"));
        e = assertThrows(IllegalArgumentException.class, () -> LlmConfig.of("mistral:large", null));
        assertTrue(e.getMessage().contains("openai, anthropic, gemini, vllm, llamacpp, lmstudio, ollama or replay"),
                e.getMessage());
    }

    @Test
    void should_tell_reasoning_models_by_name() {
        for (String m : List.of("o1", "o3", "o3-mini", "o4-mini", "O4-MINI", "gpt-5", "gpt-5.1", "gpt-5-nano")) {
            assertTrue(OpenAiProfile.reasoning(m), m);
        }
        for (String m : List.of("gpt-4o", "gpt-4o-mini", "gpt-4.1", "omni", "o", "gpt-50x")) {
            assertFalse(OpenAiProfile.reasoning(m), m);
        }
    }

    @Test
    void should_wait_as_long_as_a_429s_retry_after_asks_before_trying_again() throws Exception {
        String limited = "{\"error\": {\"message\": \"Rate limit reached for o4-mini: Limit 3, Used 3, Requested 1. "
                + "Please try again in 20s.\", \"type\": \"requests\", \"param\": null, \"code\": \"rate_limit_exceeded\"}}";
        for (String provider : List.of("openai:gpt-4o-mini", "anthropic:claude-haiku-4-5", "vllm:m", "ollama:m")) {
            try (ScriptedLlmServer server = ScriptedLlmServer.start(status(429, limited).withHeader("Retry-After", "20"),
                    status(429, limited), reply("ok"))) {
                String base = provider.startsWith("ollama") ? server.ollamaBaseUrl() : server.openAiBaseUrl();
                LlmConfig config = LlmConfig.of(provider, base).withTimeout(10, 3);
                List<Long> waits = new java.util.ArrayList<>();
                try (io.archlab.knowledge.Store store = io.archlab.agent.TestStores.withRun("r")) {
                    LlmGateway g = new LlmGateway(store, "r", config, new LangChainClient(config, null), waits::add, 500);
                    assertEquals("ok", g.ask(LlmProposer.RESEARCHER, SYSTEM, USER).text(), provider);
                    assertEquals(List.of(20_000L, 1_000L), waits, provider + ": as asked, then the back-off");
                    assertTrue(store.llmExchanges("r").get(0).error().startsWith("rate_limited: HTTP 429"),
                            store.llmExchanges("r").get(0).error());
                }
            }
        }
    }

    @Test
    void should_read_retry_after_as_seconds_or_an_http_date() {
        java.time.ZonedDateTime now = java.time.ZonedDateTime.parse("2026-12-05T10:00:00Z");
        assertEquals(7_000, HeaderKeepingHttpClient.retryAfterMillis("7", now));
        assertEquals(1_500, HeaderKeepingHttpClient.retryAfterMillis(" 1.5 ", now));
        assertEquals(90_000, HeaderKeepingHttpClient.retryAfterMillis("Sat, 05 Dec 2026 10:01:30 GMT", now));
        assertEquals(0, HeaderKeepingHttpClient.retryAfterMillis("Sat, 05 Dec 2026 09:00:00 GMT", now), "in the past");
        assertEquals(0, HeaderKeepingHttpClient.retryAfterMillis("soon", now));
        assertEquals(0, HeaderKeepingHttpClient.retryAfterMillis(null, now));
    }
}
