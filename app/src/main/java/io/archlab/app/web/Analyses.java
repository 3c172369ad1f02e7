package io.archlab.app.web;

import io.archlab.knowledge.CandidateRecord;
import io.archlab.sandbox.analysis.Analysis;
import io.archlab.sandbox.analysis.StaticAnalyzer;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.IrJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Static analysis of candidates' IR (parameters, MACs, FLOPs, peak activation memory), cached:
 * an IR never changes once stored, so each is parsed and measured once.
 */
@ApplicationScoped
public class Analyses {
    static final int MAX_ENTRIES = 50_000;

    @Inject
    DashboardStore stores;

    private final Map<String, Optional<Analysis>> byKey = lru();
    private final Map<String, Optional<Long>> peakById = lru();


    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_ENTRIES;
            }
        };
    }

    /** The candidate's IR as a graph, or null if it has none (never traced) or it does not parse. */
    static Graph graph(CandidateRecord c) {
        if (c.irJson() == null || c.irJson().isBlank()) {
            return null;
        }
        try {
            return IrJson.fromJson(c.irJson());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The static analysis of the candidate's IR at {@code trainingBatch}, or null without IR. */
    public Analysis of(CandidateRecord c, int trainingBatch) {
        if (c.irJson() == null) {
            return null;
        }
        String key = (c.irHash() == null ? c.id() : c.irHash()) + "@" + trainingBatch;
        synchronized (byKey) {
            Optional<Analysis> a = byKey.get(key);
            if (a != null) {
                return a.orElse(null);
            }
        }
        Graph g = graph(c);
        Optional<Analysis> a = Optional.ofNullable(g == null ? null : StaticAnalyzer.analyze(g, trainingBatch));
        synchronized (byKey) {
            byKey.put(key, a);
        }
        return a.orElse(null);
    }

    /** Peak activation memory (float32, batch 1) in bytes of a stored candidate, or null without IR. */
    public Long peakBytes(String candidateId) {
        String key = System.identityHashCode(stores.get()) + "/" + candidateId;
        synchronized (peakById) {
            Optional<Long> p = peakById.get(key);
            if (p != null) {
                return p.orElse(null);
            }
        }
        Long peak = stores.get().candidate(candidateId).map(c -> of(c, 1)).map(Analysis::peakBytesFloat32)
                .orElse(null);
        if (peak != null) {   // a candidate without IR yet may be traced later
            synchronized (peakById) {
                peakById.put(key, Optional.of(peak));
            }
        }
        return peak;
    }
}
