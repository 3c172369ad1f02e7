package io.archlab.agent.llm;

import static io.archlab.agent.llm.LangChainProvider.OLLAMA;
import static io.archlab.agent.llm.LangChainProvider.OPENAI;
import static io.archlab.agent.llm.LangChainProvider.ask;
import static io.archlab.agent.llm.ScriptedLlmServer.delay;
import static io.archlab.agent.llm.ScriptedLlmServer.reply;
import static io.archlab.agent.llm.ScriptedLlmServer.responder;
import static io.archlab.agent.llm.ScriptedLlmServer.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import io.archlab.agent.llm.ScriptedLlmServer.BadAnswer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fixture's script and recording, and what the real LangChain4j 1.18.1 clients send and read
 * on a successful call. Error mapping: {@link ScriptedLlmServerErrorMappingTest}.
 */
class ScriptedLlmServerTest {

    @Test
    void should_return_openai_reply_text_token_usage_and_metadata() {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(reply("a conv net").withTokens(42, 7))) {
            ChatResponse r = ask(OPENAI.model(server), "be brief", "propose");

            assertEquals("a conv net", r.aiMessage().text());
            assertEquals(42, r.tokenUsage().inputTokenCount());
            assertEquals(7, r.tokenUsage().outputTokenCount());
            assertEquals(49, r.tokenUsage().totalTokenCount());
            assertEquals("test-model", r.metadata().modelName());
            assertEquals("chatcmpl-scripted-1", r.metadata().id());
            assertEquals(FinishReason.STOP, r.finishReason());
        }
    }

    @Test
    void should_send_model_messages_and_bearer_key_to_openai_chat_completions() {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(reply("ok"))) {
            ask(OPENAI.model(server), "you design networks", "propose a CNN");

            RecordedRequest q = server.onlyRequest();
            assertEquals("POST", q.method());
            assertEquals("/v1/chat/completions", q.path());
            assertEquals(LlmWire.OPENAI_CHAT, q.endpoint());
            assertEquals(Optional.of("Bearer test-key"), q.header("authorization"));
            assertEquals("test-model", q.model());
            assertEquals(List.of("system", "user"), q.roles());
            assertEquals(Optional.of("you design networks"), q.systemMessage());
            assertEquals("you design networks\npropose a CNN", q.messagesText());
            assertEquals("propose a CNN", q.json().path("messages").path(1).path("content").asText());
            assertFalse(q.json().path("stream").asBoolean(false), "non-streaming: " + q.body());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/v1", "/v1/"})
    void should_post_to_chat_completions_under_whatever_path_the_openai_base_url_has(String suffix) {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(reply("ok"))) {
            ask(OPENAI.model(server.url() + suffix, LangChainProvider.TIMEOUT, 0), "s", "u");

            String expected = suffix.startsWith("/v1") ? "/v1/chat/completions" : "/chat/completions";
            assertEquals(expected, server.onlyRequest().path());
        }
    }

    @Test
    void should_return_ollama_reply_text_token_usage_and_metadata() {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(reply("an MLP").withTokens(30, 5))) {
            ChatResponse r = ask(OLLAMA.model(server), "be brief", "propose");

            assertEquals("an MLP", r.aiMessage().text());
            assertEquals(30, r.tokenUsage().inputTokenCount());
            assertEquals(5, r.tokenUsage().outputTokenCount());
            assertEquals("test-model", r.metadata().modelName());
            assertEquals(FinishReason.STOP, r.finishReason());
        }
    }

    @Test
    void should_send_model_and_messages_to_ollama_api_chat_without_authorization_header() {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(reply("ok"))) {
            ask(OLLAMA.model(server), "you design networks", "propose a CNN");

            RecordedRequest q = server.onlyRequest();
            assertEquals("/api/chat", q.path());
            assertEquals(LlmWire.OLLAMA_CHAT, q.endpoint());
            assertEquals(Optional.empty(), q.header("Authorization"));
            assertEquals("test-model", q.model());
            assertEquals(List.of("system", "user"), q.roles());
            assertEquals(Optional.of("you design networks"), q.systemMessage());
            assertEquals("you design networks\npropose a CNN", q.messagesText());
            assertFalse(q.json().path("stream").asBoolean(true), "stream must be false: " + q.body());
        }
    }

    @ParameterizedTest
    @EnumSource(LangChainProvider.class)
    void should_report_token_counts_derived_from_lengths_when_none_are_scripted(LangChainProvider p) {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(reply("twelve chars"))) {
            ChatResponse r = ask(p.model(server), "sys", "a user message");

            String sent = server.onlyRequest().messagesText();
            assertEquals(ScriptedLlmServer.estimateTokens(sent), r.tokenUsage().inputTokenCount());
            assertEquals(3, r.tokenUsage().outputTokenCount());
        }
    }

    @ParameterizedTest
    @EnumSource(LangChainProvider.class)
    void should_pass_negative_token_counts_through_unchecked(LangChainProvider p) {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(reply("ok").withTokens(-1_000_000, 3))) {
            ChatResponse r = ask(p.model(server), "s", "u");

            assertEquals(-1_000_000, r.tokenUsage().inputTokenCount());
            assertEquals(3, r.tokenUsage().outputTokenCount());
        }
    }

    @Test
    void should_give_no_token_usage_for_an_openai_reply_without_usage() {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(reply("ok").withoutUsage())) {
            ChatResponse r = ask(OPENAI.model(server), "s", "u");

            assertEquals("ok", r.aiMessage().text());
            assertNull(r.tokenUsage());
        }
    }

    @Test
    void should_give_token_usage_without_counts_for_an_ollama_reply_without_eval_counts() {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(reply("ok").withoutUsage())) {
            ChatResponse r = ask(OLLAMA.model(server), "s", "u");

            assertEquals("ok", r.aiMessage().text());
            assertNull(r.tokenUsage().inputTokenCount());
            assertNull(r.tokenUsage().outputTokenCount());
        }
    }

    @ParameterizedTest
    @EnumSource(LangChainProvider.class)
    void should_carry_a_scripted_length_finish_reason(LangChainProvider p) {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(reply("cut").withFinishReason("length"))) {
            assertEquals(FinishReason.LENGTH, ask(p.model(server), "s", "u").finishReason());
        }
    }

    @ParameterizedTest
    @EnumSource(LangChainProvider.class)
    void should_play_steps_in_order_and_answer_500_while_the_script_is_exhausted(LangChainProvider p) {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(reply("first"), reply("second"))) {
            ChatModel model = p.model(server);
            assertEquals("first", ask(model, "s", "1").aiMessage().text());
            assertEquals("second", ask(model, "s", "2").aiMessage().text());

            InternalServerException e = assertThrows(InternalServerException.class, () -> ask(model, "s", "3"));

            HttpException http = assertInstanceOf(HttpException.class, e.getCause());
            assertEquals(500, http.statusCode());
            assertTrue(http.getMessage().contains("script exhausted after 2 requests"), http.getMessage());
            assertEquals(1, server.exhaustedRequests());
            assertEquals(0, server.remaining());
            assertEquals(List.of(1, 2, 3), server.requests().stream().map(RecordedRequest::sequence).toList());

            server.enqueue(reply("third"));
            assertEquals("third", ask(model, "s", "4").aiMessage().text());
        }
    }

    @Test
    void should_choose_the_step_from_the_request_with_a_responder() {
        ScriptedLlmServer.Step echo = responder(q -> q.messagesText().contains("repair")
                ? reply("fixed: " + q.systemMessage().orElse("?"))
                : status(500, "not a repair"));
        try (ScriptedLlmServer server = ScriptedLlmServer.start(echo, echo)) {
            ChatModel model = OPENAI.model(server);

            assertEquals("fixed: engineer", ask(model, "engineer", "repair this").aiMessage().text());
            assertThrows(InternalServerException.class, () -> ask(model, "engineer", "propose"));
        }
    }

    @Test
    void should_serve_other_requests_while_a_delayed_step_sleeps() throws Exception {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(delay(Duration.ofSeconds(30), reply("slow")),
                reply("fast"))) {
            ChatModel model = OPENAI.model(server.openAiBaseUrl(), Duration.ofSeconds(60), 0);
            CompletableFuture<ChatResponse> slow = CompletableFuture.supplyAsync(() -> ask(model, "s", "slow"));
            while (server.requests().isEmpty()) {
                Thread.sleep(10);
            }

            assertEquals("fast", ask(model, "s", "fast").aiMessage().text());
            assertFalse(slow.isDone(), "the delayed step answered before its delay");
        }
    }

    @Test
    void should_answer_404_on_other_paths_without_consuming_a_step() throws Exception {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(reply("kept"))) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.url() + "/v1/models")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(404, r.statusCode());
            assertEquals(1, server.remaining());
            assertEquals(LlmWire.OTHER, server.onlyRequest().endpoint());
            assertTrue(server.onlyRequest().json().isMissingNode());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/chat/completions", "/api/chat"})
    void should_render_each_bad_answer_in_the_wire_shape_of_the_path(String path) throws Exception {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(BadAnswer.EMPTY_CONTENT, BadAnswer.NULL_CONTENT,
                BadAnswer.HTML_PAGE, BadAnswer.NO_ANSWER, reply("ok").withoutUsage())) {
            String answer = path.equals("/api/chat") ? "message" : "choices";
            JsonNode empty = LlmWire.JSON.readTree(post(server, path).body());
            JsonNode nul = LlmWire.JSON.readTree(post(server, path).body());
            HttpResponse<String> html = post(server, path);
            JsonNode none = LlmWire.JSON.readTree(post(server, path).body());
            JsonNode unused = LlmWire.JSON.readTree(post(server, path).body());

            assertEquals("", content(empty, answer).asText());
            assertTrue(content(nul, answer).isNull(), nul.toString());
            assertEquals(200, html.statusCode());
            assertEquals(Optional.of("text/html"), html.headers().firstValue("Content-Type"));
            assertTrue(html.body().startsWith("<html>"), html.body());
            assertFalse(none.has(answer), none.toString());
            assertTrue(none.has("model"), none.toString());
            assertEquals("ok", content(unused, answer).asText());
            assertFalse(unused.has("usage") || unused.has("prompt_eval_count") || unused.has("eval_count"),
                    unused.toString());
        }
    }

    private static JsonNode content(JsonNode reply, String answerField) {
        JsonNode a = reply.path(answerField);
        return (a.isArray() ? a.path(0).path("message") : a).path("content");
    }

    private static HttpResponse<String> post(ScriptedLlmServer server, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[]}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void should_record_a_non_json_body_verbatim_with_a_missing_json_node() throws Exception {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(reply("ok"))) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.url() + "/api/chat"))
                            .POST(HttpRequest.BodyPublishers.ofString("not json")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(200, r.statusCode());
            RecordedRequest q = server.onlyRequest();
            assertEquals("not json", q.body());
            assertTrue(q.json().isMissingNode());
            assertEquals("", q.messagesText());
            assertEquals(Optional.empty(), q.systemMessage());
        }
    }
}
