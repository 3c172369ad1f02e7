package io.archlab.agent.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import java.time.Duration;

/**
 * A local server that speaks OpenAI's chat API: vLLM, llama.cpp's server, LM Studio. They take the
 * classic {@code max_tokens} and a temperature; whatever model they serve, reasoning models among
 * them, they ignore what they do not know rather than refuse it. All three hold an answer to a JSON
 * schema given as OpenAI's {@code response_format} (vLLM and llama.cpp by guided decoding). OpenAI's own API is the same
 * client with its own parameters ({@link OpenAiProfile}).
 */
class OpenAiCompatibleProfile extends ProviderProfile {

    @Override
    ChatModel model(LlmConfig config, String apiKey, Duration timeout) {
        return OpenAiChatModel.builder().baseUrl(config.baseUrl()).apiKey(apiKey == null ? "none" : apiKey)
                .modelName(config.model()).timeout(timeout).maxRetries(0).strictJsonSchema(true)
                .httpClientBuilder(new HeaderKeepingHttpClient.Builder()).build();
    }

    @Override
    boolean holdsToSchema() {
        return true;
    }

    @Override
    ChatRequestParameters parameters(String role, String system, String user) {
        RoleSettings s = RoleSettings.of(role);
        return OpenAiChatRequestParameters.builder().temperature(s.temperature()).maxOutputTokens(s.maxTokens())
                .seed(nextSeed(role)).build();
    }
}
