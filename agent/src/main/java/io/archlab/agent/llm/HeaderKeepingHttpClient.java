package io.archlab.agent.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP client under archlab's LangChain4j models: the JDK's, like LangChain4j's own, but an
 * answer that is not a success keeps how long the endpoint asked the client to wait
 * ({@link Refused#retryAfterMillis}): its {@code Retry-After} header, or Gemini's
 * {@code google.rpc.RetryInfo} {@code retryDelay} in the body. A rate-limited request then waits
 * as long as it was asked rather than a guessed back-off.
 * Streaming is not used by archlab and not offered.
 */
final class HeaderKeepingHttpClient implements HttpClient {

    /** A non-success answer, with how long the endpoint asked the client to wait (0: it did not say). */
    static final class Refused extends HttpException {
        private final long retryAfterMillis;

        Refused(int status, String body, long retryAfterMillis) {
            super(status, body);
            this.retryAfterMillis = retryAfterMillis;
        }

        long retryAfterMillis() {
            return retryAfterMillis;
        }
    }

    /** Builds the client with the timeouts LangChain4j's model builders set. */
    static final class Builder implements HttpClientBuilder {
        private Duration connectTimeout;
        private Duration readTimeout;

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public Builder connectTimeout(Duration d) {
            connectTimeout = d;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public Builder readTimeout(Duration d) {
            readTimeout = d;
            return this;
        }

        @Override
        public HttpClient build() {
            return new HeaderKeepingHttpClient(connectTimeout, readTimeout);
        }
    }

    private final java.net.http.HttpClient http;
    private final Duration readTimeout;

    private HeaderKeepingHttpClient(Duration connectTimeout, Duration readTimeout) {
        java.net.http.HttpClient.Builder b = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1);
        if (connectTimeout != null) {
            b.connectTimeout(connectTimeout);
        }
        this.http = b.build();
        this.readTimeout = readTimeout;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
        if (readTimeout != null) {
            b.timeout(readTimeout);
        }
        request.headers().forEach((name, values) -> values.forEach(v -> b.header(name, v)));
        b.method(request.method().name(), request.body() == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // timeouts and refused connections stay visible as causes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the LLM endpoint", e);
        }
        if (r.statusCode() < 200 || r.statusCode() >= 300) {
            long wait = retryAfterMillis(r.headers().firstValue("Retry-After").orElse(null), ZonedDateTime.now());
            throw new Refused(r.statusCode(), r.body(), wait > 0 ? wait : retryDelayMillis(r.body()));
        }
        return SuccessfulHttpResponse.builder().statusCode(r.statusCode()).headers(r.headers().map()).body(r.body())
                .build();
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        throw new UnsupportedOperationException("archlab does not stream LLM answers");
    }

    /** Gemini's {@code "retryDelay": "36s"} (a protobuf Duration in JSON: seconds with an {@code s}). */
    private static final Pattern RETRY_DELAY = Pattern.compile("\"retryDelay\"\\s*:\\s*\"(\\d+(?:\\.\\d+)?)s\"");

    /** Milliseconds the {@code retryDelay} of an error body asks for, 0 when it names none. */
    static long retryDelayMillis(String body) {
        Matcher m = RETRY_DELAY.matcher(body == null ? "" : body);
        return m.find() ? Math.round(Double.parseDouble(m.group(1)) * 1000) : 0;
    }

    /**
     * Milliseconds a {@code Retry-After} value asks for: delay-seconds or an HTTP date (RFC 9110),
     * 0 for none or a value that is neither.
     */
    static long retryAfterMillis(String value, ZonedDateTime now) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        String v = value.strip();
        try {
            return Math.max(0, Math.round(Double.parseDouble(v) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(now, at).toMillis());
            } catch (DateTimeParseException neither) {
                return 0;
            }
        }
    }
}
