package io.archlab.agent.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.agent.TestStores;
import io.archlab.knowledge.LlmExchangeRecord;
import io.archlab.knowledge.Store;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gateway's retries, records and verdicts, with a scripted client and an in-memory store. */
class LlmGatewayTest {
    static final String RUN = "r1";
    final Store store = TestStores.withRun(RUN);
    final List<Long> waits = new ArrayList<>();

    /** Answers from a script: an {@link LlmReply} is returned, an {@link LlmCallException} thrown. */
    static final class ScriptedClient implements LlmClient {
        final Deque<Object> script = new ArrayDeque<>();

        ScriptedClient(Object... steps) {
            script.addAll(List.of(steps));
        }

        @Override
        public LlmReply chat(String role, String system, String user) throws LlmCallException {
            Object next = script.poll();
            if (next instanceof LlmCallException e) {
                throw e;
            }
            return (LlmReply) next;
        }
    }

    static LlmCallException failure(LlmCallException.Kind kind) {
        return new LlmCallException(kind, "scripted", null);
    }

    LlmGateway gateway(ScriptedClient client, int attempts) {
        LlmConfig config = LlmConfig.of("openai:m", "http://127.0.0.1:1/v1").withTimeout(5, attempts)
                .withPrices(1.0, 2.0);
        return new LlmGateway(store, RUN, config, client, waits::add, 100);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void should_retry_an_answer_without_text_record_it_with_its_error_and_return_the_next_usable_one()
            throws Exception {
        LlmGateway g = gateway(new ScriptedClient(new LlmReply(" \n", 40, 1), new LlmReply(null, 40, 0),
                new LlmReply("ok", 40, 2)), 3);

        assertEquals("ok", g.ask("analyst", "s", "u").text());

        List<LlmExchangeRecord> x = store.llmExchanges(RUN);
        assertEquals(3, x.size());
        assertEquals("malformed: the answer has no text", x.get(0).error());
        assertEquals("malformed: the answer has no text", x.get(1).error());
        assertNull(x.get(2).error());
        assertEquals(123, g.tokensSpent(), "the tokens of unusable answers count too");
        assertEquals(List.of(100L, 200L), waits);
    }

    @Test
    void should_fail_only_the_request_when_every_attempt_answers_unusably() {
        ScriptedClient client = new ScriptedClient(failure(LlmCallException.Kind.SERVER_ERROR),
                new LlmReply("", 10, 0), failure(LlmCallException.Kind.MALFORMED));
        LlmGateway g = gateway(client, 3);

        BadAnswerException e = assertThrows(BadAnswerException.class, () -> g.ask("researcher", "s", "u"));

        assertEquals("no usable answer from the researcher in 3 attempt(s); last: malformed: scripted",
                e.getMessage());
        assertEquals(3, store.llmExchanges(RUN).size());
        assertTrue(store.llmExchanges(RUN).stream().allMatch(r -> r.error() != null));
    }

    @Test
    void should_stop_the_run_when_the_last_attempt_is_a_server_error_even_after_unusable_answers() {
        LlmGateway g = gateway(new ScriptedClient(failure(LlmCallException.Kind.MALFORMED),
                failure(LlmCallException.Kind.SERVER_ERROR)), 2);

        LlmStopException e = assertThrows(LlmStopException.class, () -> g.ask("researcher", "s", "u"));

        assertEquals(LlmStopException.Reason.UNAVAILABLE, e.reason());
        assertTrue(e.getMessage().contains("failed 2 attempt(s); last: server_error"), e.getMessage());
    }

    @Test
    void should_stop_the_run_at_once_when_the_key_is_refused() {
        ScriptedClient client = new ScriptedClient(failure(LlmCallException.Kind.REFUSED), new LlmReply("ok", 1, 1));
        LlmGateway g = gateway(client, 4);

        assertThrows(LlmStopException.class, () -> g.ask("researcher", "s", "u"));

        assertEquals(1, client.script.size(), "not tried again");
    }

    @Test
    void should_retry_impossible_token_counts_as_a_bad_answer_and_neither_store_nor_count_them() throws Exception {
        LlmGateway g = gateway(new ScriptedClient(new LlmReply("ok", -1_000_000, 3),
                new LlmReply("ok", 9_000_000, 1_000_001), new LlmReply("ok", 10, 2)), 3);

        assertEquals("ok", g.ask("researcher", "s", "u").text());

        List<LlmExchangeRecord> x = store.llmExchanges(RUN);
        assertEquals("malformed: the endpoint reported impossible token usage: -1000000 prompt and 3 completion "
                + "tokens (each must be >= 0, together at most 10000000)", x.get(0).error());
        assertTrue(x.get(1).error().contains("9000000 prompt and 1000001 completion"), x.get(1).error());
        for (LlmExchangeRecord r : x.subList(0, 2)) {
            assertEquals("ok", r.response(), "the answer is kept with its error");
            assertNull(r.promptTokens());
            assertNull(r.completionTokens());
            assertNull(r.costUsd());
        }
        assertEquals(12, g.tokensSpent());
        assertEquals((10 * 1.0 + 2 * 2.0) / 1e6, g.usdSpent(), 1e-15);
        assertEquals(12, store.llmSpend(RUN).tokens(), "a resumed run counts the same");
    }

    @Test
    void should_accept_an_answer_without_token_counts_and_leave_the_spend_as_it_was() throws Exception {
        LlmGateway g = gateway(new ScriptedClient(new LlmReply("first", 10, 2), new LlmReply("second", null, null)),
                1);
        g.ask("analyst", "s", "u");

        assertEquals("second", g.ask("analyst", "s", "u").text());

        assertEquals(12, g.tokensSpent());
        assertNull(store.llmExchanges(RUN).get(1).error());
        assertEquals(12, store.llmSpend(RUN).tokens());
    }

    @Test
    void should_refuse_requests_once_the_token_cap_is_reached_whatever_counts_were_refused_before()
            throws Exception {
        LlmConfig config = LlmConfig.of("openai:m", "http://127.0.0.1:1/v1").withTimeout(5, 2).withLimits(0, 100);
        LlmGateway g = new LlmGateway(store, RUN, config, new ScriptedClient(new LlmReply("ok", -1_000_000, 0),
                new LlmReply("ok", 90, 10), new LlmReply("never", 1, 1)), waits::add, 0);
        g.ask("researcher", "s", "u");

        LlmStopException e = assertThrows(LlmStopException.class, () -> g.ask("researcher", "s", "u"));

        assertEquals(LlmStopException.Reason.BUDGET, e.reason());
        assertEquals(2, store.llmExchanges(RUN).size());
    }
}
