package io.archlab.sandbox.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.archlab.sandbox.train.TrialRequest;
import java.io.IOException;
import java.io.Reader;

/**
 * The coordinator-worker protocol, version {@value #VERSION}: one JSON object per line on the
 * worker's standard input and output, each with {@code v} (the version) and {@code kind}.
 *
 * <pre>
 * worker:      {"v":1,"kind":"hello","pid":1234}
 * coordinator: {"v":1,"kind":"init","spec":{...WorkerSpec}}
 * worker:      {"v":1,"kind":"ready","train":5400,"validation":600}   or {"v":1,"kind":"error","message":"..."}
 * coordinator: {"v":1,"kind":"trial","request":{...TrialRequest}}
 * worker:      {"v":1,"kind":"stage","stage":"COMPILE"}   as each stage begins: COMPILE, TRACE, TRAIN
 * worker:      {"v":1,"kind":"rung","rung":0,"steps":500,"valAccuracy":0.71}   at each rung of the request's compute
 * coordinator: {"v":1,"kind":"go"}   or {"v":1,"kind":"stop","reason":"..."}   the worker waits for it
 * worker:      {"v":1,"kind":"result","result":{...TrialResult},"retire":false}
 * coordinator: {"v":1,"kind":"exit"}
 * </pre>
 *
 * Rungs come in order, 0 first, each once, at the steps the request names; a rung that is not the
 * next one is a protocol error that ends the trial. After {@code stop} the trial ends as pruned.
 *
 * A failure the coordinator sees itself (the worker dies, hangs or sends what cannot be read) is
 * put at the last stage the worker named. With {@code "retire":true} the worker says it must not be
 * reused (candidate code outlived the trial in it) and ends. A line is at most
 * {@value #MAX_LINE_CHARS} characters.
 */
public final class Protocol {
    public static final int VERSION = 1;
    /** The longest line read (within Jackson's default limit on a string, 20 M characters). */
    static final int MAX_LINE_CHARS = 16 << 20;
    static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private Protocol() {
    }

    static String message(String kind, String field, Object body) {
        return node(kind, field, body).toString();
    }

    private static ObjectNode node(String kind, String field, Object body) {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", VERSION);
        n.put("kind", kind);
        if (field != null) {
            n.set(field, JSON.valueToTree(body));
        }
        return n;
    }

    /** The coordinator's trial: the whole request, its recipe with it. */
    static String trial(TrialRequest req) {
        return message("trial", "request", req);
    }

    /**
     * The request of a {@code trial} message. A request written before recipes existed has none and
     * trains without ({@link TrialRequest.Recipe#NONE}).
     */
    static TrialRequest request(JsonNode trial) throws JsonProcessingException {
        return JSON.treeToValue(trial.get("request"), TrialRequest.class);
    }

    /** A trial's result; {@code retire}: the worker must not be given another trial. */
    static String result(Object result, boolean retire) {
        ObjectNode n = node("result", "result", result);
        n.put("retire", retire);
        return n.toString();
    }

    /** The worker's question at rung {@code rung}, reached after {@code steps} with {@code valAccuracy}. */
    static String rung(int rung, long steps, double valAccuracy) {
        ObjectNode n = node("rung", null, null);
        n.put("rung", rung);
        n.put("steps", steps);
        n.put("valAccuracy", valAccuracy);
        return n.toString();
    }

    /** The coordinator's answer at a rung: {@code go} when {@code reason} is null, else {@code stop} saying why. */
    static String answer(String reason) {
        ObjectNode n = node(reason == null ? "go" : "stop", null, null);
        if (reason != null) {
            n.put("reason", reason);
        }
        return n.toString();
    }

    /**
     * A line read from the other side.
     *
     * @param text   the line, or its first {@value #MAX_LINE_CHARS} characters
     * @param length how long the line was
     */
    record Line(String text, long length) {
        boolean tooLong() {
            return length > text.length();
        }
    }

    /** The next line of {@code in} (a longer one is read to its end and kept cut), or null at the end of input. */
    static Line readLine(Reader in) throws IOException {
        StringBuilder sb = new StringBuilder();
        long length = 0;
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (length++ < MAX_LINE_CHARS) {
                sb.append((char) c);
            }
        }
        if (c == -1 && length == 0) {
            return null;
        }
        if (length <= MAX_LINE_CHARS && sb.length() > 0 && sb.charAt(sb.length() - 1) == '\r') {
            sb.setLength(sb.length() - 1);
            length--;
        }
        return new Line(sb.toString(), length);
    }

    /** The message on {@code line}, or null if the line is not a message of this protocol version. */
    static JsonNode parseOrNull(String line) {
        try {
            return parse(line);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    static JsonNode parse(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            if (n == null || n.path("v").asInt() != VERSION) {
                throw new IllegalStateException("protocol version mismatch or empty message: " + line);
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("malformed protocol message: " + e.getOriginalMessage());
        }
    }
}
