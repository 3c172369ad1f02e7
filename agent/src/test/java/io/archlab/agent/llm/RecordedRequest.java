package io.archlab.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as {@link ScriptedLlmServer} received it, frozen at arrival.
 *
 * @param sequence      1-based arrival order over every path
 * @param endpoint      which wire shape the path selected
 * @param method        the HTTP method, e.g. {@code POST}
 * @param path          the request path without query, e.g. {@code /v1/chat/completions}
 * @param headers       every header; keys compare case-insensitively (use {@link #header(String)})
 * @param body          the body as UTF-8 text
 * @param json          the body parsed, or a missing node when it is not JSON
 * @param messagesText  the text of every {@code messages[*].content}, in order, joined by a newline
 * @param systemMessage the content of the first {@code system} message, if any
 * @param receivedAt    when the server had read the body
 */
public record RecordedRequest(int sequence, LlmWire endpoint, String method, String path,
        Map<String, List<String>> headers, String body, JsonNode json, String messagesText,
        Optional<String> systemMessage, Instant receivedAt) {

    /** The first value of a header, matched case-insensitively. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The {@code model} field of the JSON body, else the model of Gemini's path, else null. */
    public String model() {
        JsonNode m = json.path("model");
        if (m.isTextual()) {
            return m.asText();
        }
        java.util.regex.Matcher gemini = LlmWire.GEMINI_PATH.matcher(path);
        return gemini.matches() ? gemini.group(1) : null;
    }

    /** The {@code role} of each message (Gemini: of each of its {@code contents}), in order. */
    public List<String> roles() {
        List<String> roles = new ArrayList<>();
        for (JsonNode m : json.path("messages")) {
            roles.add(m.path("role").asText());
        }
        for (JsonNode c : json.path("contents")) {
            roles.add(c.path("role").asText());
        }
        return roles;
    }
}
