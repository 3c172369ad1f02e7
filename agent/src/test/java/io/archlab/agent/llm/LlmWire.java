package io.archlab.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The chat endpoints {@link ScriptedLlmServer} speaks, chosen by request path, and how each
 * renders a scripted reply. Both read the same request shape: {@code model} and
 * {@code messages[*].role/content}.
 */
public enum LlmWire {
    /**
     * OpenAI-compatible {@code POST /v1/chat/completions} (also {@code /chat/completions}): a
     * non-streaming {@code chat.completion} object. LangChain4j 1.18.1's OpenAiChatModel reads
     * {@code id, created, model, choices[0].message.content, choices[0].finish_reason,
     * usage.prompt_tokens/completion_tokens/total_tokens}; it throws when {@code choices} is empty.
     */
    OPENAI_CHAT {
        @Override
        ObjectNode reply(int sequence, String model, String content, Integer inputTokens, Integer outputTokens,
                String finishReason) {
            ObjectNode root = JSON.createObjectNode();
            root.put("id", "chatcmpl-scripted-" + sequence);
            root.put("object", "chat.completion");
            root.put("created", Instant.now().getEpochSecond());
            root.put("model", model);
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("index", 0);
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            message.put("content", content);
            choice.put("finish_reason", finishReason);
            if (inputTokens != null && outputTokens != null) {
                ObjectNode usage = root.putObject("usage");
                usage.put("prompt_tokens", inputTokens);
                usage.put("completion_tokens", outputTokens);
                usage.put("total_tokens", inputTokens + outputTokens);
            }
            return root;
        }

        @Override
        String answerField() {
            return "choices";
        }
    },
    /**
     * Ollama {@code POST /api/chat} with {@code "stream": false}: one object. LangChain4j 1.18.1's
     * OllamaChatModel reads {@code model, message.content, done_reason, prompt_eval_count,
     * eval_count}; {@code created_at} and {@code done} are carried as Ollama sends them.
     */
    OLLAMA_CHAT {
        @Override
        ObjectNode reply(int sequence, String model, String content, Integer inputTokens, Integer outputTokens,
                String finishReason) {
            ObjectNode root = JSON.createObjectNode();
            root.put("model", model);
            root.put("created_at", Instant.now().toString());
            ObjectNode message = root.putObject("message");
            message.put("role", "assistant");
            message.put("content", content);
            root.put("done_reason", finishReason);
            root.put("done", true);
            root.put("total_duration", 1_000_000L);
            if (inputTokens != null && outputTokens != null) {
                root.put("prompt_eval_count", inputTokens);
                root.put("eval_count", outputTokens);
            }
            return root;
        }

        @Override
        String answerField() {
            return "message";
        }
    },
    /**
     * Anthropic's {@code POST /v1/messages}: a {@code message} object whose {@code content} is a list
     * of blocks ({@code text}, and {@code thinking} when extended thinking is on), with
     * {@code stop_reason} ({@code end_turn}, {@code max_tokens}) and
     * {@code usage.input_tokens/output_tokens}. The system prompt is the top-level {@code system}
     * field (a string or text blocks), not a message.
     */
    ANTHROPIC_MESSAGES {
        @Override
        ObjectNode reply(int sequence, String model, String content, Integer inputTokens, Integer outputTokens,
                String finishReason) {
            ObjectNode root = JSON.createObjectNode();
            root.put("id", "msg_scripted_" + sequence);
            root.put("type", "message");
            root.put("role", "assistant");
            root.put("model", model);
            ObjectNode text = root.putArray("content").addObject();
            text.put("type", "text");
            text.put("text", content);
            root.put("stop_reason", "length".equals(finishReason) ? "max_tokens" : "end_turn");
            root.putNull("stop_sequence");
            if (inputTokens != null && outputTokens != null) {
                ObjectNode usage = root.putObject("usage");
                usage.put("input_tokens", inputTokens);
                usage.put("output_tokens", outputTokens);
            }
            return root;
        }

        @Override
        String answerField() {
            return "content";
        }
    },
    /**
     * Gemini's {@code POST /v1beta/models/{model}:generateContent}: {@code candidates[0].content.parts}
     * (thought parts carry {@code "thought": true}), {@code finishReason} ({@code STOP},
     * {@code MAX_TOKENS}) and {@code usageMetadata.promptTokenCount/candidatesTokenCount}. The request
     * names the model in its path, carries the system prompt as {@code systemInstruction} and the
     * conversation as {@code contents[*].parts}.
     */
    GEMINI_GENERATE {
        @Override
        ObjectNode reply(int sequence, String model, String content, Integer inputTokens, Integer outputTokens,
                String finishReason) {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode candidate = root.putArray("candidates").addObject();
            ObjectNode answer = candidate.putObject("content");
            answer.putArray("parts").addObject().put("text", content);
            answer.put("role", "model");
            candidate.put("finishReason", "length".equals(finishReason) ? "MAX_TOKENS" : "STOP");
            candidate.put("index", 0);
            if (inputTokens != null && outputTokens != null) {
                ObjectNode usage = root.putObject("usageMetadata");
                usage.put("promptTokenCount", inputTokens);
                usage.put("candidatesTokenCount", outputTokens);
                usage.put("totalTokenCount", inputTokens + outputTokens);
            }
            root.put("modelVersion", model);
            root.put("responseId", "scripted-" + sequence);
            return root;
        }

        @Override
        String answerField() {
            return "candidates";
        }
    },
    /** Any other path: answered 404 without consuming a step. */
    OTHER {
        @Override
        ObjectNode reply(int sequence, String model, String content, Integer inputTokens, Integer outputTokens,
                String finishReason) {
            throw new IllegalStateException("no reply shape for an unknown endpoint");
        }

        @Override
        String answerField() {
            throw new IllegalStateException("no reply shape for an unknown endpoint");
        }
    };

    static final ObjectMapper JSON = new ObjectMapper();
    /** Gemini's chat path; group 1 is the model. */
    static final java.util.regex.Pattern GEMINI_PATH =
            java.util.regex.Pattern.compile(".*/models/([^/:]+):generateContent");

    /** The endpoint a request path selects. */
    static LlmWire of(String path) {
        return switch (path) {
            case "/v1/chat/completions", "/chat/completions" -> OPENAI_CHAT;
            case "/api/chat" -> OLLAMA_CHAT;
            case "/v1/messages" -> ANTHROPIC_MESSAGES;
            default -> GEMINI_PATH.matcher(path).matches() ? GEMINI_GENERATE : OTHER;
        };
    }

    /**
     * The JSON body of a successful, non-streaming reply.
     *
     * @param content      the message text; null is sent as {@code "content": null}
     * @param inputTokens  the reported prompt tokens; usage is left out when this or the next is null
     * @param outputTokens the reported completion tokens
     */
    abstract ObjectNode reply(int sequence, String model, String content, Integer inputTokens,
            Integer outputTokens, String finishReason);

    /** The top-level field that carries the answer: OpenAI's {@code choices}, Ollama's {@code message}. */
    abstract String answerField();

    /**
     * Every message's text, in order, joined by a newline (string or content-part arrays); Anthropic's
     * top-level {@code system} and Gemini's {@code systemInstruction} come first.
     */
    static String messagesText(JsonNode request) {
        List<String> texts = new ArrayList<>();
        systemField(request).ifPresent(texts::add);
        for (JsonNode m : request.path("messages")) {
            texts.add(contentText(m.path("content")));
        }
        for (JsonNode c : request.path("contents")) {
            texts.add(contentText(c.path("parts")));
        }
        return String.join("\n", texts);
    }

    /** Anthropic's top-level {@code system}, or Gemini's {@code systemInstruction.parts}. */
    private static Optional<String> systemField(JsonNode request) {
        if (!request.path("system").isMissingNode()) {
            return Optional.of(contentText(request.path("system")));
        }
        if (!request.path("systemInstruction").isMissingNode()) {
            return Optional.of(contentText(request.path("systemInstruction").path("parts")));
        }
        return Optional.empty();
    }

    /** The content of the first {@code system} message, or Anthropic's or Gemini's system field. */
    static Optional<String> systemMessage(JsonNode request) {
        Optional<String> field = systemField(request);
        if (field.isPresent()) {
            return field;
        }
        for (JsonNode m : request.path("messages")) {
            if ("system".equals(m.path("role").asText())) {
                return Optional.of(contentText(m.path("content")));
            }
        }
        return Optional.empty();
    }

    private static String contentText(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode part : content) {
            if (part.path("text").isTextual()) {
                parts.add(part.path("text").asText());
            }
        }
        return String.join("\n", parts);
    }
}
