package io.archlab.agent.llm;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicChatRequestParameters;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import java.time.Duration;

/**
 * Anthropic's Messages API. It requires {@code max_tokens} on every request, takes temperatures
 * from 0 to 1 only, and wants the key in {@code x-api-key} with an {@code anthropic-version}
 * header. archlab's system message (the DSL reference, about 5K tokens) is the same in every
 * request of a run, so it is marked for prompt caching: later requests read it from the cache at
 * a tenth of the input price.
 */
final class AnthropicProfile extends ProviderProfile {

    @Override
    ChatModel model(LlmConfig config, String apiKey, Duration timeout) {
        return AnthropicChatModel.builder().baseUrl(config.baseUrl()).apiKey(apiKey == null ? "none" : apiKey)
                .modelName(config.model()).timeout(timeout).maxRetries(0)
                .httpClientBuilder(new HeaderKeepingHttpClient.Builder()).build();
    }

    @Override
    ChatRequestParameters parameters(String role, String system, String user) {
        RoleSettings s = RoleSettings.of(role);
        return AnthropicChatRequestParameters.builder().temperature(s.temperature()).maxOutputTokens(s.maxTokens())
                .cacheSystemMessages(true).build();
    }
}
