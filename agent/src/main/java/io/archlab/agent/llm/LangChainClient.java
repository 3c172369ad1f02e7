package io.archlab.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A real endpoint through LangChain4j, shaped by its {@link ProviderProfile}: OpenAI's API,
 * Anthropic's, Gemini's, a local server of OpenAI's chat API (vLLM, llama.cpp's server, LM Studio)
 * or Ollama.
 * LangChain4j's own retries are off: {@link LlmGateway} retries, so that every attempt is recorded.
 * The API key is read from {@code ARCHLAB_LLM_API_KEY}, else the provider's usual variable
 * ({@code ANTHROPIC_API_KEY} for Anthropic, {@code GEMINI_API_KEY} for Gemini, {@code OPENAI_API_KEY}
 * for the others), and goes nowhere but the request header.
 */
public final class LangChainClient implements LlmClient {
    private static final ObjectMapper ERRORS = new ObjectMapper();
    /** Words of a 400 that refuses the response format rather than the request. */
    private static final Pattern SCHEMA_REFUSAL = Pattern.compile("response_format|json_schema|schema|format|grammar"
            + "|guided", Pattern.CASE_INSENSITIVE);
    private final ProviderProfile profile;
    private final ChatModel model;
    private volatile String structureRefused;

    public LangChainClient(LlmConfig config) {
        this(config, apiKey(config.provider()));
    }

    LangChainClient(LlmConfig config, String apiKey) {
        io.archlab.knowledge.Secrets.register(apiKey);
        profile = ProviderProfile.of(config);
        model = profile.model(config, apiKey, Duration.ofMillis((long) (config.timeoutSeconds() * 1000)));
    }

    /** Derives each request's sampling seed from the run's {@code seed} (where the endpoint takes one). */
    public LangChainClient seededBy(long seed) {
        profile.seedFrom(seed);
        return this;
    }

    /** The key from the environment, or null (local servers usually need none). */
    static String apiKey(String provider) {
        String k = System.getenv("ARCHLAB_LLM_API_KEY");
        if (k == null || k.isBlank()) {
            k = System.getenv(switch (provider) {
                case LlmConfig.ANTHROPIC -> "ANTHROPIC_API_KEY";
                case LlmConfig.GEMINI -> "GEMINI_API_KEY";
                default -> "OPENAI_API_KEY";
            });
        }
        return k == null || k.isBlank() ? null : k.strip();
    }

    @Override
    public boolean structured(String role) {
        return LlmProposer.RESEARCHER.equals(role) && profile.holdsToSchema() && structureRefused == null;
    }

    @Override
    public String structureRefused() {
        return structureRefused;
    }

    /**
     * One exchange. A researcher's request to an endpoint that holds answers to a schema carries the
     * proposal schema; if the endpoint refuses the schema itself (an older llama.cpp, a model
     * without structured outputs), the request is sent again without it and the run goes on with
     * plain text, which {@link Replies} reads as well.
     */
    @Override
    public LlmReply chat(String role, String system, String user) throws LlmCallException {
        boolean schema = structured(role);
        ChatRequestParameters parameters = profile.parameters(role, system, user);
        if (schema) {
            parameters = parameters.overrideWith(ChatRequestParameters.builder()
                    .responseFormat(ProviderProfile.PROPOSAL).build());
        }
        ChatResponse r;
        try {
            r = model.chat(ChatRequest.builder().messages(SystemMessage.from(system), UserMessage.from(user))
                    .parameters(parameters).build());
        } catch (RuntimeException e) {
            LlmCallException c = classify(e);
            if (schema && c.kind() == LlmCallException.Kind.BAD_REQUEST
                    && SCHEMA_REFUSAL.matcher(c.getMessage()).find()) {
                structureRefused = c.getMessage();
                return chat(role, system, user);
            }
            throw c;
        }
        // LangChain4j gives empty and null content alike as a null text; the gateway refuses it
        String text = r == null || r.aiMessage() == null ? null : r.aiMessage().text();
        TokenUsage u = r == null ? null : r.tokenUsage();
        return new LlmReply(text, u == null ? null : u.inputTokenCount(), u == null ? null : u.outputTokenCount());
    }

    /**
     * Maps what LangChain4j throws to whether and how a request may be tried again. A 200 whose body
     * is not a chat answer is {@code MALFORMED}: LangChain4j 1.18.1 throws a bare RuntimeException
     * over the JSON parser's exception for a body that is not JSON (an HTML proxy page), an
     * InternalServerException without HTTP status for OpenAI JSON without choices, and a
     * NullPointerException for Ollama JSON without a message.
     */
    static LlmCallException classify(RuntimeException e) {
        Integer status = null;
        long retryAfter = 0;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpException h) {
                status = h.statusCode();
                retryAfter = h instanceof HeaderKeepingHttpClient.Refused r ? r.retryAfterMillis() : 0;
                break;
            }
        }
        String msg = firstLine(e);
        if (Integer.valueOf(408).equals(status)) {
            return new LlmCallException(LlmCallException.Kind.TIMEOUT, "HTTP 408: " + msg, e);
        }
        if (e instanceof RateLimitException || Integer.valueOf(429).equals(status)) {
            return new LlmCallException(LlmCallException.Kind.RATE_LIMITED, "HTTP 429: " + msg, e, retryAfter);
        }
        if (e instanceof AuthenticationException || Integer.valueOf(401).equals(status)
                || Integer.valueOf(403).equals(status) || String.valueOf(e.getMessage()).contains("API_KEY_INVALID")) {
            return new LlmCallException(LlmCallException.Kind.REFUSED, "the endpoint refused the key (HTTP "
                    + (status == null ? "401" : status) + "): " + msg, e);
        }
        if (e instanceof InternalServerException && status == null) {
            return new LlmCallException(LlmCallException.Kind.MALFORMED, "the answer could not be read: " + msg, e);
        }
        if (e instanceof InternalServerException || (status != null && status >= 500)) {
            return new LlmCallException(LlmCallException.Kind.SERVER_ERROR, "HTTP " + (status == null ? "5xx" : status)
                    + ": " + msg, e);
        }
        if (status != null && status >= 400) {
            return new LlmCallException(LlmCallException.Kind.BAD_REQUEST, "HTTP " + status + ": " + msg, e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException || t instanceof java.net.SocketTimeoutException
                    || t instanceof dev.langchain4j.exception.TimeoutException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return new LlmCallException(LlmCallException.Kind.TIMEOUT, "no answer in time: " + msg, e);
            }
            if (t instanceof ConnectException || t instanceof java.nio.channels.UnresolvedAddressException
                    || t instanceof java.net.UnknownHostException) {
                return new LlmCallException(LlmCallException.Kind.UNREACHABLE, "cannot connect: " + msg, e);
            }
        }
        return new LlmCallException(LlmCallException.Kind.MALFORMED, "the answer could not be read: " + msg, e);
    }

    /**
     * What went wrong, in one line: the {@code error.message} of a JSON error body (OpenAI's, Anthropic's
     * and Gemini's shape; Gemini's bodies are pretty-printed, so their first line is a lone brace),
     * else the first line of the exception's message.
     */
    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.strip();
        if (m.startsWith("{")) {
            try {
                JsonNode error = ERRORS.readTree(m).path("error");
                String message = error.isTextual() ? error.asText() : error.path("message").asText("");
                m = message.isBlank() ? m : message.strip();
            } catch (IOException notJson) {
                // keep the raw first line
            }
        }
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
