package io.archlab.agent.llm;

import static io.archlab.agent.llm.LangChainProvider.OLLAMA;
import static io.archlab.agent.llm.LangChainProvider.OPENAI;
import static io.archlab.agent.llm.LangChainProvider.ask;
import static io.archlab.agent.llm.ScriptedLlmServer.delay;
import static io.archlab.agent.llm.ScriptedLlmServer.errorBody;
import static io.archlab.agent.llm.ScriptedLlmServer.reply;
import static io.archlab.agent.llm.ScriptedLlmServer.status;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.ChatModel;
import io.archlab.agent.llm.ScriptedLlmServer.BadAnswer;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins what the real LangChain4j 1.18.1 OpenAI and Ollama chat clients throw for each failure,
 * with their own retries off ({@code maxRetries(0)}). Both clients share one mapping
 * ({@code ExceptionMapper.DEFAULT} over the JDK HTTP client), so every case runs on both.
 *
 * <p>HTTP errors: the thrown exception's {@code getCause()} is an {@link HttpException} whose
 * {@code statusCode()} is the status and whose message is the response body; no header (so no
 * {@code Retry-After}) reaches the caller. Transport and parse failures are not all
 * {@link LangChain4jException}s: a refused connection and an unreadable 200 body surface as a bare
 * {@link RuntimeException}.
 */
class ScriptedLlmServerErrorMappingTest {

    static Stream<Arguments> statuses() {
        return Stream.of(LangChainProvider.values()).flatMap(p -> Stream.of(
                Arguments.of(p, 400, InvalidRequestException.class),
                Arguments.of(p, 401, AuthenticationException.class),
                Arguments.of(p, 403, AuthenticationException.class),
                Arguments.of(p, 404, ModelNotFoundException.class),
                Arguments.of(p, 408, TimeoutException.class),
                Arguments.of(p, 429, RateLimitException.class),
                Arguments.of(p, 500, InternalServerException.class),
                Arguments.of(p, 503, InternalServerException.class)));
    }

    @ParameterizedTest(name = "{0} HTTP {1} -> {2}")
    @MethodSource("statuses")
    void should_map_an_http_status_to_its_exception_with_the_status_and_body_in_an_http_exception_cause(
            LangChainProvider p, int code, Class<? extends RuntimeException> expected) {
        String body = errorBody("scripted " + code);
        try (ScriptedLlmServer server = ScriptedLlmServer.start(status(code, body))) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> ask(p.model(server), "s", "u"));

            assertEquals(expected, e.getClass());
            HttpException http = assertInstanceOf(HttpException.class, e.getCause());
            assertEquals(code, http.statusCode());
            assertEquals(body, http.getMessage());
            assertEquals(1, server.requests().size());
        }
    }

    @ParameterizedTest
    @EnumSource(LangChainProvider.class)
    void should_map_429_with_retry_after_to_the_same_rate_limit_exception_without_the_header(LangChainProvider p) {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(
                status(429, errorBody("slow down")).withHeader("Retry-After", "7919"))) {
            RateLimitException e = assertThrows(RateLimitException.class, () -> ask(p.model(server), "s", "u"));

            assertInstanceOf(RetriableException.class, e);
            assertEquals(429, assertInstanceOf(HttpException.class, e.getCause()).statusCode());
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t.getMessage()).contains("7919"), "Retry-After leaked into " + t);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(LangChainProvider.class)
    void should_classify_401_as_non_retriable_and_500_as_retriable(LangChainProvider p) {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(status(401, "{}"), status(500, "{}"))) {
            ChatModel model = p.model(server);

            assertInstanceOf(NonRetriableException.class, assertThrows(RuntimeException.class,
                    () -> ask(model, "s", "u")));
            assertInstanceOf(RetriableException.class, assertThrows(RuntimeException.class,
                    () -> ask(model, "s", "u")));
        }
    }

    @ParameterizedTest
    @EnumSource(LangChainProvider.class)
    void should_map_a_reply_slower_than_the_client_timeout_to_timeout_exception(LangChainProvider p) {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(delay(Duration.ofSeconds(30), reply("late")))) {
            ChatModel model = p.model(p.baseUrl(server), Duration.ofMillis(300), 0);

            TimeoutException e = assertThrows(TimeoutException.class, () -> ask(model, "s", "u"));

            assertInstanceOf(HttpTimeoutException.class, e.getCause());
            assertFalse(e.getCause() instanceof HttpException);
            assertEquals(1, server.requests().size());
        }
    }

    @ParameterizedTest
    @EnumSource(LangChainProvider.class)
    void should_surface_a_refused_connection_as_a_bare_runtime_exception_caused_by_connect_exception(
            LangChainProvider p) {
        ScriptedLlmServer server = ScriptedLlmServer.start(reply("never"));
        String baseUrl = p.baseUrl(server);
        server.close();
        ChatModel model = p.model(baseUrl, Duration.ofSeconds(5), 0);

        RuntimeException e = assertThrows(RuntimeException.class, () -> ask(model, "s", "u"));

        assertEquals(RuntimeException.class, e.getClass());
        assertFalse(e instanceof LangChain4jException);
        assertInstanceOf(ConnectException.class, e.getCause());
        assertTrue(server.requests().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(LangChainProvider.class)
    void should_surface_a_malformed_200_body_as_a_bare_runtime_exception_caused_by_the_json_parser(
            LangChainProvider p) {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(status(200, "{\"choices\": [ oops"))) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> ask(p.model(server), "s", "u"));

            assertEquals(RuntimeException.class, e.getClass());
            assertInstanceOf(JsonProcessingException.class, e.getCause());
        }
    }

    @ParameterizedTest
    @EnumSource(LangChainProvider.class)
    void should_return_a_message_without_text_and_no_exception_for_empty_or_null_content(LangChainProvider p) {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(BadAnswer.EMPTY_CONTENT, BadAnswer.NULL_CONTENT)) {
            ChatModel model = p.model(server);

            assertNull(ask(model, "s", "u").aiMessage().text(), "empty content");
            assertNull(ask(model, "s", "u").aiMessage().text(), "null content");
        }
    }

    @ParameterizedTest
    @EnumSource(LangChainProvider.class)
    void should_surface_an_html_page_with_status_200_as_a_bare_runtime_exception_caused_by_the_json_parser(
            LangChainProvider p) {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(BadAnswer.HTML_PAGE)) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> ask(p.model(server), "s", "u"));

            assertEquals(RuntimeException.class, e.getClass());
            assertInstanceOf(JsonProcessingException.class, e.getCause());
        }
    }

    @Test
    void should_reject_openai_json_without_choices_as_internal_server_exception_with_no_http_status() {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(BadAnswer.NO_ANSWER)) {
            InternalServerException e = assertThrows(InternalServerException.class,
                    () -> ask(OPENAI.model(server), "s", "u"));

            assertTrue(e.getMessage().contains("no choices"), e.getMessage());
            assertNull(e.getCause(), "no HttpException: nothing tells it apart from a 5xx but the missing cause");
        }
    }

    @Test
    void should_fail_ollama_json_without_message_with_a_null_pointer_exception() {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(BadAnswer.NO_ANSWER)) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> ask(OLLAMA.model(server), "s", "u"));

            assertEquals(NullPointerException.class, e.getClass());
        }
    }

    @Test
    void should_reject_an_openai_200_without_choices_as_internal_server_exception() {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(status(200, "{\"id\":\"x\",\"choices\":[]}"))) {
            InternalServerException e = assertThrows(InternalServerException.class,
                    () -> ask(OPENAI.model(server), "s", "u"));

            assertTrue(e.getMessage().contains("no choices"), e.getMessage());
        }
    }

    @Test
    void should_fail_an_ollama_200_without_message_with_a_null_pointer_exception() {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(
                status(200, "{\"error\":\"model crashed\",\"done\":true}"))) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> ask(OLLAMA.model(server), "s", "u"));

            assertEquals(NullPointerException.class, e.getClass());
        }
    }

    @ParameterizedTest
    @EnumSource(LangChainProvider.class)
    void should_make_exactly_one_attempt_when_max_retries_is_zero(LangChainProvider p) {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(status(503, "{}"), reply("second try"))) {
            assertThrows(InternalServerException.class, () -> ask(p.model(server), "s", "u"));

            assertEquals(1, server.requests().size());
            assertEquals(1, server.remaining());
        }
    }

    @ParameterizedTest
    @EnumSource(LangChainProvider.class)
    void should_retry_a_rate_limit_by_itself_when_max_retries_is_left_above_zero(LangChainProvider p) {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(
                status(429, "{}").withHeader("Retry-After", "1"), reply("second try"))) {
            ChatModel model = p.model(p.baseUrl(server), LangChainProvider.TIMEOUT, 1);

            assertEquals("second try", ask(model, "s", "u").aiMessage().text());
            assertEquals(2, server.requests().size());
        }
    }

    @ParameterizedTest
    @EnumSource(LangChainProvider.class)
    void should_retry_a_malformed_body_too_when_max_retries_is_left_above_zero(LangChainProvider p) {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(status(200, "not json"), reply("second try"))) {
            ChatModel model = p.model(p.baseUrl(server), LangChainProvider.TIMEOUT, 1);

            assertEquals("second try", ask(model, "s", "u").aiMessage().text());
            assertEquals(2, server.requests().size());
        }
    }

    @ParameterizedTest
    @EnumSource(LangChainProvider.class)
    void should_not_retry_a_401_even_when_max_retries_is_left_above_zero(LangChainProvider p) {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(status(401, "{}"), reply("second try"))) {
            ChatModel model = p.model(p.baseUrl(server), LangChainProvider.TIMEOUT, 1);

            assertThrows(AuthenticationException.class, () -> ask(model, "s", "u"));
            assertEquals(1, server.requests().size());
        }
    }
}
