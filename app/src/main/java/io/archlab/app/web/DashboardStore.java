package io.archlab.app.web;

import io.archlab.app.ArchlabConfig;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;

/**
 * The knowledge base the dashboard reads: the one {@code archlab serve} opened, else the configured
 * home's, opened on first use.
 */
@ApplicationScoped
public class DashboardStore {
    @Inject
    ArchlabConfig config;

    private Store store;

    /** Opens the store under {@code home} (called by {@code archlab serve}). */
    public synchronized void open(Path home) {
        close();
        store = Stores.open(home);
    }

    public synchronized Store get() {
        if (store == null) {
            store = Stores.open(config.homeOr(null));
        }
        return store;
    }

    @PreDestroy
    synchronized void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
