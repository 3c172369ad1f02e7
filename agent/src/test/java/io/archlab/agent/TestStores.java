package io.archlab.agent;

import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.RunState;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import java.time.Instant;
import java.util.UUID;

/** Knowledge bases for fast tests: an H2 database in memory, gone when closed. */
public final class TestStores {
    private TestStores() {
    }

    /** A fresh in-memory store holding one running run, {@code runId}, and nothing else. */
    public static Store withRun(String runId) {
        Store store = Stores.openUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Instant now = Instant.now();
        store.createRun(new RunRecord(runId, "fashion-mnist", RunState.RUNNING, 1, "{}", "{}", "fake", "{}", null,
                "test", 0, now, now));
        return store;
    }
}
