package io.archlab.agent.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
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

    /** A generous count of the tokens of {@code text}: one per three characters (code and JSON run denser than prose). */
    static int tokensOf(String text) {
        return (text.length() + 2) / 3;
    }
}
