package io.archlab.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract on {@link InMemoryStore}: the fake that tests above the store use behaves as the real stores do. */
class InMemoryStoreTest extends StoreContractTest {
    @Override
    Store open() {
        return new InMemoryStore();
    }

    @Test
    void should_hold_one_running_run_and_nothing_else_when_made_with_a_run() {
        try (Store s = InMemoryStore.withRun("r")) {
            RunRecord r = s.run("r").orElseThrow();
            assertEquals(RunState.RUNNING, r.state());
            assertEquals(0, r.elapsedMs());
            assertEquals(List.of("r"), s.runs().stream().map(RunRecord::id).toList());
            assertEquals(0, s.candidateCount("r"));
            assertEquals(List.of(), s.events("r"));
        }
    }
}
