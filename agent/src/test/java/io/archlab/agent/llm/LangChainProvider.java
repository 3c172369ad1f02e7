package io.archlab.agent.llm;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;

/**
 * The two real LangChain4j 1.18.1 chat clients, pointed at a {@link ScriptedLlmServer} with the
 * builder options production relies on: {@code baseUrl}, {@code modelName}, {@code timeout}
 * (connect and read), {@code maxRetries} (0 = one attempt; the default is 2, i.e. three attempts)
 * and {@code logRequests/logResponses} off.
 */
enum LangChainProvider {
    OPENAI {
        @Override
        ChatModel model(String baseUrl, Duration timeout, int maxRetries) {
            return OpenAiChatModel.builder().baseUrl(baseUrl).apiKey(API_KEY).modelName(MODEL).timeout(timeout)
                    .maxRetries(maxRetries).logRequests(false).logResponses(false).build();
        }

        @Override
        String baseUrl(ScriptedLlmServer server) {
            return server.openAiBaseUrl();
        }

        @Override
        String chatPath() {
            return "/v1/chat/completions";
        }
    },
    OLLAMA {
        @Override
        ChatModel model(String baseUrl, Duration timeout, int maxRetries) {
            return OllamaChatModel.builder().baseUrl(baseUrl).modelName(MODEL).timeout(timeout)
                    .logRequests(false).logResponses(false).maxRetries(maxRetries).build();
        }

        @Override
        String baseUrl(ScriptedLlmServer server) {
            return server.ollamaBaseUrl();
        }

        @Override
        String chatPath() {
            return "/api/chat";
        }
    };

    static final String API_KEY = "test-key";
    static final String MODEL = "test-model";
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    abstract ChatModel model(String baseUrl, Duration timeout, int maxRetries);

    /** The base URL form this client needs. */
    abstract String baseUrl(ScriptedLlmServer server);

    /** The path this client posts to when given {@link #baseUrl}. */
    abstract String chatPath();

    /** A client with a 10 s timeout and LangChain4j's retries off. */
    ChatModel model(ScriptedLlmServer server) {
        return model(baseUrl(server), TIMEOUT, 0);
    }

    /** The request production sends: one system and one user message. */
    static ChatResponse ask(ChatModel model, String system, String user) {
        return model.chat(ChatRequest.builder().messages(SystemMessage.from(system), UserMessage.from(user)).build());
    }
}
