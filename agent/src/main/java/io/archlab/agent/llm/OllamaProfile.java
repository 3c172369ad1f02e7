package io.archlab.agent.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaChatRequestParameters;
import java.time.Duration;

/**
 * Ollama's own API. Its context window ({@code num_ctx}) defaults to a few thousand tokens, less
 * than archlab's prompts, and Ollama drops what does not fit from the front of the prompt without
 * a word, the system message and the DSL reference first. Each request therefore states a window
 * sized to its prompt plus its answer, and caps the answer ({@code num_predict}) so that a runaway
 * generation ends at the role's length, not at the timeout.
 */
final class OllamaProfile extends ProviderProfile {
    /** Windows are asked in multiples of this many tokens (Ollama reloads a model when its window changes). */
    static final int WINDOW_STEP = 4_096;

    @Override
    ChatModel model(LlmConfig config, String apiKey, Duration timeout) {
        return OllamaChatModel.builder().baseUrl(config.baseUrl()).modelName(config.model()).timeout(timeout)
                .maxRetries(0).httpClientBuilder(new HeaderKeepingHttpClient.Builder()).build();
    }

    @Override
    boolean holdsToSchema() {
        return true;
    }

    @Override
    ChatRequestParameters parameters(String role, String system, String user) {
        RoleSettings s = RoleSettings.of(role);
        return OllamaChatRequestParameters.builder().temperature(s.temperature()).maxOutputTokens(s.maxTokens())
                .numCtx(window(tokensOf(system) + tokensOf(user) + s.maxTokens())).seed(nextSeed(role)).build();
    }

    /** The window that holds {@code tokens}, rounded up to {@link #WINDOW_STEP}. */
    static int window(int tokens) {
        return (tokens + WINDOW_STEP - 1) / WINDOW_STEP * WINDOW_STEP;
    }
}
