package io.archlab.agent;

import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.notes.Embedder;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.IrDiff;
import io.archlab.sandbox.ir.IrJson;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * How new a candidate is, measured when its IR is first known: the structurally nearest earlier
 * candidate of the run (fewest IR edits, {@link IrDiff}) and the highest cosine similarity of its
 * hypothesis to earlier hypotheses (all-MiniLM-L6-v2). Exact duplicates never get here: their IR
 * hash refuses them before training.
 */
final class Novelty {
    /** Earlier candidates compared structurally: the most recent ones (diffs cost O(n·m) each). */
    static final int WINDOW = 200;

    private final Store store;
    private final Supplier<Embedder> embedder;

    Novelty(Store store, Supplier<Embedder> embedder) {
        this.store = store;
        this.embedder = embedder;
    }

    void record(CandidateRecord c, Graph g) {
        List<CandidateRecord> earlier = store.candidates(c.runId()).stream()
                .filter(k -> k.ordinal() < c.ordinal()).toList();
        String nearest = null;
        int distance = Integer.MAX_VALUE;
        for (CandidateRecord k : earlier.subList(Math.max(0, earlier.size() - WINDOW), earlier.size())) {
            if (k.irJson() == null) {
                continue;
            }
            int d;
            try {
                d = IrDiff.diff(IrJson.fromJson(k.irJson()), g).size();
            } catch (RuntimeException e) {
                continue;   // an IR stored by an older version: not comparable
            }
            if (d < distance) {
                distance = d;
                nearest = k.id();
            }
        }
        Double similarity = null;
        if (c.hypothesis() != null && !c.hypothesis().isBlank()) {
            List<String> before = earlier.stream().map(CandidateRecord::hypothesis)
                    .filter(h -> h != null && !h.isBlank()).toList();
            if (!before.isEmpty()) {
                Embedder e = embedder.get();
                float[] mine = e.embed(c.hypothesis());
                similarity = e.embedAll(before).stream().map(v -> Embedder.cosine(mine, v))
                        .max(Comparator.naturalOrder()).orElse(null);
            }
        }
        if (nearest != null || similarity != null) {
            store.updateNovelty(c.id(), nearest, nearest == null ? null : distance, similarity);
        }
    }
}
