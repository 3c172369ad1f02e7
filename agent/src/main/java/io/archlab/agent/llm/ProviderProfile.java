package io.archlab.agent.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import java.time.Duration;

/**
 * What one kind of endpoint accepts, and the defaults that suit it: one class per kind, chosen by
 * {@link #of}. A profile builds the LangChain4j model once and shapes each request for a role, so
 * that no request carries a parameter its API refuses (an OpenAI reasoning model answers a
 * temperature with HTTP 400) or leaves out one it needs (Ollama cuts a prompt longer than its
 * default window from the front, silently).
 */
abstract class ProviderProfile {

    /** A role's sampling: its temperature and the longest answer it may give, in tokens. */
    record RoleSettings(double temperature, int maxTokens) {
        /** The defaults of each role: the researcher explores, the engineer repairs, the analyst is brief. */
        static RoleSettings of(String role) {
            return switch (role) {
                case LlmProposer.ENGINEER -> new RoleSettings(0.2, 4_096);
                case LlmProposer.ANALYST -> new RoleSettings(0.3, 600);
                default -> new RoleSettings(0.7, 4_096);
            };
        }
    }

    /**
     * A researcher's answer as one JSON object, the source a string field of it: what an endpoint
     * that holds answers to a schema ({@link #holdsToSchema}) is asked for. {@link Replies#proposal}
     * reads it like any other answer.
     */
    static final ResponseFormat PROPOSAL = ResponseFormat.builder().type(ResponseFormatType.JSON)
            .jsonSchema(JsonSchema.builder().name("proposal").rootElement(JsonObjectSchema.builder()
                    .addStringProperty("name", "CamelCase Java class name, unique, at most 40 characters")
                    .addStringProperty("hypothesis", "what you expect and why, one or two sentences")
                    .addStringProperty("motivation", "which result, note or insight this rests on")
                    .addStringProperty("expected_effect", "the change in accuracy, parameters and MACs you expect")
                    .addStringProperty("source", "the complete Java source of the class; its name equals name")
                    .required("name", "hypothesis", "motivation", "expected_effect", "source")
                    .additionalProperties(false).build()).build())
            .build();

    /** The run's seed, from which each request's sampling seed is derived; 0 until {@link #seedFrom}. */
    private long runSeed;
    /** Requests made so far, per role. */
    private final java.util.Map<String, Integer> asked = new java.util.HashMap<>();

    /** Derives the requests' sampling seeds from {@code seed}, the run's. */
    final void seedFrom(long seed) {
        this.runSeed = seed;
    }

    /**
     * The sampling seed of the next request of {@code role}, for endpoints that take one (OpenAI's
     * chat models, vLLM, llama.cpp, LM Studio, Ollama): derived from the run's seed, the role and how
     * many requests the role made before, so that a run repeated with the same seed asks each
     * question with the same seed, while two questions of one run never share one.
     */
    final synchronized int nextSeed(String role) {
        int n = asked.merge(role, 1, Integer::sum);
        long h = runSeed * 0x9E3779B97F4A7C15L + role.hashCode() * 0xC2B2AE3D27D4EB4FL + n;
        h ^= h >>> 31;
        return (int) (h & 0x7FFFFFFF);
    }

    static ProviderProfile of(LlmConfig config) {
        return switch (config.provider()) {
            case LlmConfig.OPENAI -> new OpenAiProfile(config);
            case LlmConfig.VLLM, LlmConfig.LLAMACPP, LlmConfig.LMSTUDIO -> new OpenAiCompatibleProfile();
            case LlmConfig.OLLAMA -> new OllamaProfile();
            case LlmConfig.ANTHROPIC -> new AnthropicProfile();
            case LlmConfig.GEMINI -> new GeminiProfile(config);
            default -> throw new IllegalArgumentException("not a network provider: " + config.provider());
        };
    }

    /** The model of {@code config}, without LangChain4j's own retries (the gateway retries and records). */
    abstract ChatModel model(LlmConfig config, String apiKey, Duration timeout);

    /** The parameters of one request of {@code role} whose messages are {@code system} and {@code user}. */
    abstract ChatRequestParameters parameters(String role, String system, String user);

    /**
     * Whether the endpoint can hold an answer to a JSON schema (OpenAI's {@code json_schema}
     * response format, vLLM's and llama.cpp's guided decoding behind the same field, Ollama's
     * {@code format}, Gemini's {@code responseSchema}). A schema cannot make a model write good
     * code, but it ends the answers that cannot be read at all.
     */
    boolean holdsToSchema() {
        return false;
    }

    /** A generous count of the tokens of {@code text}: one per three characters (code and JSON run denser than prose). */
    static int tokensOf(String text) {
        return (text.length() + 2) / 3;
    }
}
