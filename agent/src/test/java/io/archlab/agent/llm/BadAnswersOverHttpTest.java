package io.archlab.agent.llm;

import static io.archlab.agent.llm.ScriptedLlmServer.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.agent.TestStores;
import io.archlab.agent.llm.ScriptedLlmServer.BadAnswer;
import io.archlab.knowledge.LlmExchangeRecord;
import io.archlab.knowledge.Store;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each {@link BadAnswer} a server can give, on the OpenAI and the Ollama wire, through the real
 * LangChain4j client and the gateway: retried and recorded as a failed exchange, then either the
 * next usable answer or a {@link BadAnswerException} for that one request, never a stop of the run.
 */
class BadAnswersOverHttpTest {
    static final String RUN = "r1";

    static Stream<Arguments> cases() {
        return Stream.of(LangChainProvider.values()).flatMap(p -> Stream.of(BadAnswer.values())
                .map(b -> Arguments.of(p, b)));
    }

    static LlmGateway gateway(Store store, LangChainProvider p, ScriptedLlmServer server, int attempts) {
        LlmConfig config = (p == LangChainProvider.OPENAI ? LlmConfig.of("openai:test-model", server.openAiBaseUrl())
                : LlmConfig.of("ollama:test-model", server.ollamaBaseUrl())).withTimeout(10, attempts);
        return new LlmGateway(store, RUN, config, new LangChainClient(config, "test-key"), millis -> { }, 0);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void should_retry_a_bad_answer_and_return_the_next_usable_one(LangChainProvider p, BadAnswer bad)
            throws Exception {
        try (Store store = TestStores.withRun(RUN); ScriptedLlmServer server = ScriptedLlmServer.start(bad,
                reply("a usable answer"))) {
            assertEquals("a usable answer", gateway(store, p, server, 2).ask("analyst", "s", "u").text());

            List<LlmExchangeRecord> x = store.llmExchanges(RUN);
            assertEquals(2, x.size());
            assertTrue(x.get(0).error().startsWith("malformed: "), x.get(0).error());
            assertNull(x.get(1).error());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void should_fail_the_request_with_a_bad_answer_exception_when_every_attempt_is_bad(LangChainProvider p,
            BadAnswer bad) {
        try (Store store = TestStores.withRun(RUN); ScriptedLlmServer server = ScriptedLlmServer.start(bad, bad,
                reply("never asked"))) {
            BadAnswerException e = assertThrows(BadAnswerException.class,
                    () -> gateway(store, p, server, 2).ask("researcher", "s", "u"));

            assertTrue(e.getMessage().startsWith("no usable answer from the researcher in 2 attempt(s); last: "
                    + "malformed: "), e.getMessage());
            assertEquals(2, server.requests().size());
            assertEquals(2, store.llmExchanges(RUN).stream().filter(r -> r.error() != null).count());
        }
    }

    @ParameterizedTest
    @EnumSource(LangChainProvider.class)
    void should_retry_an_answer_reporting_negative_tokens_and_count_only_the_next_one(LangChainProvider p)
            throws Exception {
        try (Store store = TestStores.withRun(RUN); ScriptedLlmServer server = ScriptedLlmServer.start(
                reply("ok").withTokens(-1_000_000, 3), reply("ok").withTokens(40, 2))) {
            LlmGateway g = gateway(store, p, server, 2);

            assertEquals("ok", g.ask("researcher", "s", "u").text());

            LlmExchangeRecord refused = store.llmExchanges(RUN).get(0);
            assertTrue(refused.error().contains("impossible token usage: -1000000 prompt"), refused.error());
            assertNull(refused.promptTokens());
            assertEquals(42, g.tokensSpent());
        }
    }
}
