package io.archlab.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An in-test chat server on 127.0.0.1 (free port) that plays a script: each chat request, on either
 * wire shape ({@link LlmWire#OPENAI_CHAT} or {@link LlmWire#OLLAMA_CHAT}), consumes the next
 * {@link Step}. Other paths get 404 and consume nothing. Once the script is used up every chat
 * request gets 500 {@code "script exhausted after N requests"} and is counted in
 * {@link #exhaustedRequests()}. Every request is recorded ({@link #requests()}).
 *
 * <p>Answers an endpoint gives when it is up but unwell: {@link BadAnswer} (empty or null content,
 * an HTML page, JSON without the answer), {@link Reply#withoutUsage()}, and impossible token counts
 * through {@link Reply#withTokens(int, int)}.
 *
 * <p>Base URLs for LangChain4j 1.18.1, which appends {@code chat/completions} resp. {@code api/chat}
 * to the base URL it is given: {@link #openAiBaseUrl()} ({@code http://127.0.0.1:port/v1}, the
 * same form as the default {@code https://api.openai.com/v1}) for {@code OpenAiChatModel};
 * {@link #ollamaBaseUrl()} ({@code http://127.0.0.1:port}, no path) for {@code OllamaChatModel}.
 */
public final class ScriptedLlmServer implements AutoCloseable {

    /** What the server does with one chat request. */
    public sealed interface Step permits Reply, BadAnswer, Status, Delayed, Responder {
    }

    /**
     * A 200 reply in the request's wire shape, echoing the request's model.
     *
     * @param inputTokens  reported prompt tokens; null: one per four characters of the messages
     * @param outputTokens reported completion tokens; null: one per four characters of the content
     * @param finishReason the wire value, {@code stop} unless set ({@code length} for truncation)
     * @param usage        whether the reply reports token usage at all
     */
    public record Reply(String content, Integer inputTokens, Integer outputTokens, String finishReason,
            boolean usage) implements Step {
        public Reply {
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(finishReason, "finishReason");
        }

        /** The same reply reporting these counts, sent as they are (negative ones included). */
        public Reply withTokens(int input, int output) {
            return new Reply(content, input, output, finishReason, usage);
        }

        public Reply withFinishReason(String reason) {
            return new Reply(content, inputTokens, outputTokens, reason, usage);
        }

        /** The same reply without token usage (OpenAI: no {@code usage}; Ollama: no eval counts). */
        public Reply withoutUsage() {
            return new Reply(content, inputTokens, outputTokens, finishReason, false);
        }
    }

    /**
     * A 200 answer that carries no usable message, in the request's wire shape. Token usage, where
     * the shape has it, is one per four characters of the request.
     */
    public enum BadAnswer implements Step {
        /** The message's content is {@code ""}. */
        EMPTY_CONTENT,
        /** The message's content is {@code null}. */
        NULL_CONTENT,
        /** A proxy's HTML error page (Content-Type {@code text/html}) instead of JSON. */
        HTML_PAGE,
        /** JSON without the answer: OpenAI's {@code choices}, Ollama's {@code message} left out. */
        NO_ANSWER;

        /** The body an nginx in front of a dead upstream sends, here with status 200. */
        public static final String PROXY_PAGE = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
                + "<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
                + "</body>\r\n</html>\r\n";

        String body(RecordedRequest request, String model) {
            LlmWire wire = request.endpoint();
            int in = estimateTokens(request.messagesText());
            return switch (this) {
                case EMPTY_CONTENT -> wire.reply(request.sequence(), model, "", in, 0, "stop").toString();
                case NULL_CONTENT -> wire.reply(request.sequence(), model, null, in, 0, "stop").toString();
                case HTML_PAGE -> PROXY_PAGE;
                case NO_ANSWER -> {
                    ObjectNode n = wire.reply(request.sequence(), model, "unsent", in, 0, "stop");
                    n.remove(wire.answerField());
                    yield n.toString();
                }
            };
        }

        Map<String, String> headers() {
            return this == HTML_PAGE ? Map.of("Content-Type", "text/html") : Map.of();
        }
    }

    /** A verbatim answer: any status code, a body sent as is (JSON or not) and extra headers. */
    public record Status(int code, String body, Map<String, String> headers) implements Step {
        public Status {
            Objects.requireNonNull(body, "body");
            headers = Map.copyOf(headers);
        }

        /** The same answer with one more header, e.g. {@code Retry-After}. */
        public Status withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Status(code, body, h);
        }
    }

    /** Sleeps on the server, without holding up other requests, then plays {@code then}. */
    public record Delayed(Duration delay, Step then) implements Step {
        public Delayed {
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(then, "then");
        }
    }

    /** Chooses the step from the recorded request (it may return another responder). */
    public record Responder(Function<RecordedRequest, Step> choose) implements Step {
        public Responder {
            Objects.requireNonNull(choose, "choose");
        }
    }

    public static Reply reply(String content) {
        return new Reply(content, null, null, "stop", true);
    }

    public static Status status(int code, String body) {
        return new Status(code, body, Map.of());
    }

    public static Delayed delay(Duration delay, Step then) {
        return new Delayed(delay, then);
    }

    public static Responder responder(Function<RecordedRequest, Step> choose) {
        return new Responder(choose);
    }

    /** One token per four characters, at least one: the default for unscripted token counts. */
    public static int estimateTokens(String text) {
        return Math.max(1, (text.length() + 3) / 4);
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Object lock = new Object();
    private final Deque<Step> script = new ArrayDeque<>();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private int served;
    private int exhausted;
    private final AtomicInteger threads = new AtomicInteger();

    private ScriptedLlmServer(List<Step> steps) throws IOException {
        script.addAll(steps);
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "scripted-llm-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a server on 127.0.0.1 with a free port and the given script. */
    public static ScriptedLlmServer start(Step... steps) {
        try {
            return new ScriptedLlmServer(Arrays.asList(steps));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind 127.0.0.1", e);
        }
    }

    /** Appends steps to the script. */
    public ScriptedLlmServer enqueue(Step... steps) {
        synchronized (lock) {
            script.addAll(Arrays.asList(steps));
        }
        return this;
    }

    /** {@code http://127.0.0.1:port}, no trailing slash; both chat paths hang off it. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** For {@code OpenAiChatModel.builder().baseUrl(..)}: requests go to {@code /v1/chat/completions}. */
    public String openAiBaseUrl() {
        return url() + "/v1";
    }

    /**
     * For {@code GoogleAiGeminiChatModel.builder().baseUrl(..)}: requests go to
     * {@code /v1beta/models/MODEL:generateContent}.
     */
    public String geminiBaseUrl() {
        return url() + "/v1beta";
    }

    /** For {@code OllamaChatModel.builder().baseUrl(..)}: requests go to {@code /api/chat}. */
    public String ollamaBaseUrl() {
        return url();
    }

    /** Every request so far, in arrival order (a snapshot). */
    public List<RecordedRequest> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    /** The only request so far; fails when there were none or several. */
    public RecordedRequest onlyRequest() {
        List<RecordedRequest> all = requests();
        if (all.size() != 1) {
            throw new AssertionError("expected exactly one request, got " + all.size() + ": "
                    + all.stream().map(RecordedRequest::path).toList());
        }
        return all.get(0);
    }

    /** Steps not yet played. */
    public int remaining() {
        synchronized (lock) {
            return script.size();
        }
    }

    /** Chat requests that arrived after the script ran out (each was answered 500). */
    public int exhaustedRequests() {
        synchronized (lock) {
            return exhausted;
        }
    }

    /** Stops at once: open connections are closed, sleeping delayed steps are interrupted. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String body = readBody(exchange.getRequestBody());
            String path = exchange.getRequestURI().getPath();
            LlmWire endpoint = LlmWire.of(path);
            JsonNode json = parse(body);
            Step step;
            RecordedRequest request;
            int exhaustedAfter = -1;
            synchronized (lock) {
                request = new RecordedRequest(requests.size() + 1, endpoint, exchange.getRequestMethod(), path,
                        headers(exchange), body, json, LlmWire.messagesText(json), LlmWire.systemMessage(json),
                        Instant.now());
                requests.add(request);
                if (endpoint == LlmWire.OTHER) {
                    step = status(404, errorBody("no scripted endpoint at " + path));
                } else if (!"POST".equals(exchange.getRequestMethod())) {
                    step = status(405, errorBody("chat endpoints take POST"));
                } else if (script.isEmpty()) {
                    exhausted++;
                    exhaustedAfter = served;
                    step = null;
                } else {
                    served++;
                    step = script.poll();
                }
            }
            if (step == null) {
                step = status(500, errorBody("script exhausted after " + exhaustedAfter + " requests"));
            }
            play(step, request, exchange);
        } finally {
            exchange.close();
        }
    }

    private void play(Step step, RecordedRequest request, HttpExchange exchange) throws IOException {
        String model = request.model() == null ? "scripted-model" : request.model();
        if (step instanceof Reply r) {
            Integer in = !r.usage() ? null
                    : r.inputTokens() != null ? r.inputTokens() : estimateTokens(request.messagesText());
            Integer out = !r.usage() ? null : r.outputTokens() != null ? r.outputTokens() : estimateTokens(r.content());
            send(exchange, 200, request.endpoint().reply(request.sequence(), model, r.content(), in, out,
                    r.finishReason()).toString(), Map.of());
        } else if (step instanceof BadAnswer b) {
            send(exchange, 200, b.body(request, model), b.headers());
        } else if (step instanceof Status s) {
            send(exchange, s.code(), s.body(), s.headers());
        } else if (step instanceof Delayed d) {
            try {
                Thread.sleep(d.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // closing: the exchange is dropped
            }
            play(d.then(), request, exchange);
        } else if (step instanceof Responder c) {
            Step chosen;
            try {
                chosen = Objects.requireNonNull(c.choose().apply(request), "responder returned null");
            } catch (RuntimeException e) {
                chosen = status(500, errorBody("responder failed: " + e));
            }
            play(chosen, request, exchange);
        }
    }

    private static void send(HttpExchange exchange, int code, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** {@code {"error":{"message":..,"type":"scripted_llm_server"}}}, the OpenAI error shape. */
    public static String errorBody(String message) {
        ObjectNode root = LlmWire.JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", "scripted_llm_server");
        return root.toString();
    }

    private static String readBody(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = LlmWire.JSON.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static Map<String, List<String>> headers(HttpExchange exchange) {
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((k, v) -> h.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(h);
    }
}
