package io.archlab.agent.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.agent.TestStores;
import io.archlab.knowledge.LlmExchangeRecord;
import io.archlab.knowledge.Store;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Playing back a recorded session: each role its own answers, in order, failures included. */
class ReplayClientTest {
    static Store recorded(String... roleAndAnswer) {
        Store store = TestStores.withRun("rec");
        for (String ra : roleAndAnswer) {
            String[] p = ra.split(":", 2);
            boolean failed = p[1].startsWith("!");
            store.recordLlmExchange(new LlmExchangeRecord(0, "rec", null, p[0], "openai:m", "prompt", failed ? null
                    : p[1], 10, 5, 1.0, 0.0, failed ? p[1].substring(1) : null, Instant.now()));
        }
        return store;
    }

    @Test
    void should_play_each_role_its_own_answers_in_order_even_when_asked_in_another_order() throws Exception {
        try (Store store = recorded("researcher:R1", "analyst:A1", "researcher:R2", "engineer:E1", "analyst:A2")) {
            ReplayClient replay = new ReplayClient(store, "rec");
            assertEquals("R1", replay.chat("researcher", "", "").text());
            assertEquals("R2", replay.chat("researcher", "", "").text(), "the analyst's turn is not forced on the run");
            assertEquals("A1", replay.chat("analyst", "", "").text());
            assertEquals("E1", replay.chat("engineer", "", "").text());
            assertEquals("A2", replay.chat("analyst", "", "").text());
            LlmStopException end = assertThrows(LlmStopException.class, () -> replay.chat("researcher", "", ""));
            assertEquals(LlmStopException.Reason.REPLAY_END, end.reason());
            assertTrue(end.getMessage().contains("all 2 recorded researcher exchanges were played"), end.getMessage());
        }
    }

    @Test
    void should_replay_a_recorded_failure_as_the_same_failure() throws Exception {
        try (Store store = recorded("researcher:!rate_limited: 429 slow down", "researcher:R1")) {
            ReplayClient replay = new ReplayClient(store, "rec");
            LlmCallException e = assertThrows(LlmCallException.class, () -> replay.chat("researcher", "", ""));
            assertEquals(LlmCallException.Kind.RATE_LIMITED, e.kind());
            assertEquals("R1", replay.chat("researcher", "", "").text());
        }
    }

    @Test
    void should_continue_a_resumed_replay_after_the_exchanges_already_played() throws Exception {
        try (Store store = recorded("researcher:R1", "analyst:A1", "researcher:R2", "analyst:A2")) {
            ReplayClient replay = new ReplayClient(store, "rec");
            replay.skip(3);
            assertEquals("A2", replay.chat("analyst", "", "").text());
            assertThrows(LlmStopException.class, () -> replay.chat("researcher", "", ""));
        }
    }

    @Test
    void should_name_the_run_when_it_is_missing_or_has_no_exchanges() throws Exception {
        try (Store store = recorded()) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> new ReplayClient(store, "nope"))
                    .getMessage().contains("replay:nope: no such run"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> new ReplayClient(store, "rec"))
                    .getMessage().contains("replay:rec: that run has no LLM exchanges"));
        }
    }
}
