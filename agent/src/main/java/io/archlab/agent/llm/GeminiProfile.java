package io.archlab.agent.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.googleai.GeminiThinkingConfig;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatRequestParameters;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Google's Gemini API ({@code POST {base}/models/{model}:generateContent}, key in
 * {@code x-goog-api-key}, the system prompt as {@code systemInstruction}). Gemini 2.5 and later
 * think before they answer, as long as they like unless told otherwise, and their thinking counts
 * against {@code maxOutputTokens}: given only the answer's length, a long think ends the request at
 * {@code MAX_TOKENS} with no text. They get a thinking budget and room for it on top of the role's
 * answer; the models that do not think (1.x, 2.0, Gemma) refuse a thinking configuration and get
 * the role's length.
 */
final class GeminiProfile extends ProviderProfile {
    /** Gemini models that answer without thinking. */
    static final Pattern NOT_THINKING = Pattern.compile("^(models/)?(gemini-1\\.|gemini-2\\.0|gemma).*");

    /** Tokens a thinking model is asked to think in at most (a hint it may overrun by a little). */
    static final int THINKING_BUDGET = 8_192;

    private final boolean thinking;

    GeminiProfile(LlmConfig config) {
        this.thinking = thinks(config.model());
    }

    static boolean thinks(String model) {
        return !NOT_THINKING.matcher(model.toLowerCase(Locale.ROOT)).matches();
    }

    @Override
    ChatModel model(LlmConfig config, String apiKey, Duration timeout) {
        GoogleAiGeminiChatModel.GoogleAiGeminiChatModelBuilder b = GoogleAiGeminiChatModel.builder()
                .baseUrl(config.baseUrl()).apiKey(apiKey == null ? "none" : apiKey).modelName(config.model())
                .timeout(timeout).maxRetries(0).httpClientBuilder(new HeaderKeepingHttpClient.Builder());
        if (thinking) {
            b.thinkingConfig(GeminiThinkingConfig.builder().thinkingBudget(THINKING_BUDGET).build());
        }
        return b.build();
    }

    @Override
    boolean holdsToSchema() {
        return true;
    }

    @Override
    ChatRequestParameters parameters(String role, String system, String user) {
        RoleSettings s = RoleSettings.of(role);
        return GoogleAiGeminiChatRequestParameters.builder().temperature(s.temperature())
                .maxOutputTokens(thinking ? s.maxTokens() + THINKING_BUDGET : s.maxTokens()).build();
    }
}
