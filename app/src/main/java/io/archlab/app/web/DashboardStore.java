package io.archlab.app.web;

import io.archlab.app.ArchlabConfig;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import io.quarkus.runtime.LaunchMode;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;

/**
 * The knowledge base the dashboard reads: the one {@code archlab serve} opened. The HTTP server
 * starts a moment before {@code serve} opens its {@code --home}, so a request in between waits for
 * it (up to {@link #OPEN_WAIT_MS}) rather than open the default home; in tests, where no command
 * runs, the configured home is opened on first use.
 */
@ApplicationScoped
public class DashboardStore {
    static final long OPEN_WAIT_MS = 30_000;

    @Inject
    ArchlabConfig config;

    private Store store;

    /** Opens the store under {@code home} (called by {@code archlab serve}). */
    public synchronized void open(Path home) {
        close();
        store = Stores.open(home);
        notifyAll();
    }

    public synchronized Store get() {
        if (store == null && LaunchMode.current() == LaunchMode.NORMAL) {
            long until = System.currentTimeMillis() + OPEN_WAIT_MS;
            while (store == null && System.currentTimeMillis() < until) {
                try {
                    wait(Math.max(1, until - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
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
