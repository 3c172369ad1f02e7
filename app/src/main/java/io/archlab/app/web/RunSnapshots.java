package io.archlab.app.web;

import io.archlab.knowledge.EventRecord;
import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.RunState;
import io.archlab.knowledge.Store;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Caches each run's {@link RunSnapshot} until the run changes. A run changes when a trial is
 * recorded or its state set (both move the run row's {@code updatedAt}) or a candidate is proposed
 * (the next ordinal then exists), so two indexed reads tell whether the cached digest still holds;
 * a completed run is digested once. The cache holds a bounded number of candidates over all runs,
 * least recently used out first.
 */
@ApplicationScoped
public class RunSnapshots {
    /** Candidates kept over all cached runs (about 200 bytes each). */
    static final int MAX_CANDIDATES = 400_000;
    /** Runs whose snapshots are kept. */
    static final int MAX_RUNS = 64;
    /** How long a running run's LLM spend is reused before it is summed again. */
    static final long SPEND_TTL_NANOS = 5_000_000_000L;
    /** How long a running run's events are reused: less than the live stream's period. */
    static final long EVENTS_TTL_NANOS = 1_500_000_000L;
    /** Runs whose events are kept. */
    static final int MAX_EVENT_RUNS = 4;

    /** What a run spent on its language model. */
    @TemplateData
    public record LlmSpend(int exchanges, int failed, long promptTokens, long completionTokens, double usd) {
        public long tokens() {
            return promptTokens + completionTokens;
        }
    }

    private record Spent(String fingerprint, long at, LlmSpend spend) {
    }

    private record Events(String fingerprint, long at, List<EventRecord> events) {
    }

    @Inject
    DashboardStore stores;

    private final Map<String, RunSnapshot> snapshots = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Spent> spends = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Events> events = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Object> building = new java.util.concurrent.ConcurrentHashMap<>();

    /** The run, or 404. */
    RunRecord run(String runId) {
        return stores.get().run(runId).orElseThrow(() -> new NotFoundException("no run " + runId));
    }

    /** The current snapshot of {@code runId}, or 404. */
    public RunSnapshot get(String runId) {
        return get(run(runId));
    }

    /** The current snapshot of {@code run}; one request builds it while others for the same run wait. */
    public RunSnapshot get(RunRecord run) {
        Store store = stores.get();
        String fingerprint = fingerprint(store, run);
        synchronized (building.computeIfAbsent(run.id(), k -> new Object())) {
            RunSnapshot s;
            synchronized (this) {
                s = snapshots.get(run.id());
            }
            if (s != null && s.fingerprint.equals(fingerprint) && store.candidateAt(run.id(), s.size()).isEmpty()) {
                return s;
            }
            RunSnapshot fresh = RunSnapshot.of(run, fingerprint, store.summaries(run.id()), store.trials(run.id()));
            synchronized (this) {
                snapshots.put(run.id(), fresh);
                evict();
            }
            return fresh;
        }
    }

    /**
     * The run's LLM spend, summed over its exchanges: reused while a finished run is unchanged, and
     * for {@link #SPEND_TTL_NANOS} while it runs (exchanges do not move the run row).
     */
    public LlmSpend spend(RunRecord run) {
        Store store = stores.get();
        String fingerprint = fingerprint(store, run);
        long now = System.nanoTime();
        synchronized (this) {
            Spent s = spends.get(run.id());
            if (s != null && s.fingerprint().equals(fingerprint)
                    && (run.state() != RunState.RUNNING || now - s.at() < SPEND_TTL_NANOS)) {
                return s.spend();
            }
        }
        io.archlab.knowledge.LlmSpend sum = store.llmSpend(run.id());
        LlmSpend spend = new LlmSpend(sum.exchanges(), sum.failed(), sum.promptTokens(), sum.completionTokens(),
                sum.usd());
        synchronized (this) {
            spends.put(run.id(), new Spent(fingerprint, now, spend));
            while (spends.size() > MAX_RUNS) {
                spends.remove(spends.keySet().iterator().next());
            }
        }
        return spend;
    }

    /**
     * The run's events, oldest first: reused while a finished run is unchanged, and for
     * {@link #EVENTS_TTL_NANOS} while it runs (events do not move the run row). The events of
     * {@link #MAX_EVENT_RUNS} runs are kept.
     */
    public List<EventRecord> events(RunRecord run) {
        Store store = stores.get();
        String fingerprint = fingerprint(store, run);
        long now = System.nanoTime();
        synchronized (this) {
            Events e = events.get(run.id());
            if (e != null && e.fingerprint().equals(fingerprint)
                    && (run.state() != RunState.RUNNING || now - e.at() < EVENTS_TTL_NANOS)) {
                return e.events();
            }
        }
        List<EventRecord> fresh = List.copyOf(store.events(run.id()));
        synchronized (this) {
            events.put(run.id(), new Events(fingerprint, now, fresh));
            while (events.size() > MAX_EVENT_RUNS) {
                events.remove(events.keySet().iterator().next());
            }
        }
        return fresh;
    }

    /** What identifies the run's recorded trials and state (candidates are checked apart). */
    private static String fingerprint(Store store, RunRecord run) {
        return System.identityHashCode(store) + "/" + run.updatedAt() + "/" + run.state();
    }

    private void evict() {
        long total = snapshots.values().stream().mapToLong(RunSnapshot::size).sum();
        Iterator<RunSnapshot> it = snapshots.values().iterator();
        while (it.hasNext() && (snapshots.size() > MAX_RUNS || total > MAX_CANDIDATES) && snapshots.size() > 1) {
            total -= it.next().size();
            it.remove();
        }
    }
}
