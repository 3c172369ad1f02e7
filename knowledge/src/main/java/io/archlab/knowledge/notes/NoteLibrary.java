package io.archlab.knowledge.notes;

import io.archlab.knowledge.Embedded;
import io.archlab.knowledge.InsightRecord;
import io.archlab.knowledge.NoteRecord;
import io.archlab.knowledge.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Design notes and insights in the knowledge base: the starter set, the user's own notes, and
 * retrieval of the ones relevant to a parent design and a hypothesis.
 */
public final class NoteLibrary {
    private final Store store;
    private final Embedder embedder;

    public NoteLibrary(Store store, Embedder embedder) {
        this.store = store;
        this.embedder = embedder;
    }

    /** Stores the starter notes the knowledge base does not have yet; returns how many were added. */
    public int addStarter() {
        Set<String> have = new HashSet<>();
        store.notes().forEach(n -> have.add(n.item().id()));
        List<DesignNote> missing = DesignNotes.starter().stream().filter(n -> !have.contains(n.id())).toList();
        List<float[]> vectors = embedder.embedAll(missing.stream().map(DesignNote::embeddingText).toList());
        for (int i = 0; i < missing.size(); i++) {
            save(missing.get(i), vectors.get(i));
        }
        return missing.size();
    }

    /** Reads, embeds and stores the user's note {@code file}, replacing a note with the same id. */
    public DesignNote add(Path file) {
        DesignNote n = DesignNotes.read(file);
        save(n, embedder.embed(n.embeddingText()));
        return n;
    }

    private void save(DesignNote n, float[] vector) {
        store.saveNote(new NoteRecord(n.id(), n.title(), n.body(), String.join(", ", n.tags()), n.source(),
                Instant.now()), vector, Embedder.MODEL_NAME);
    }

    /** Something retrieved for a prompt: a note or an insight, with its similarity to the query. */
    public record Hit(String kind, String id, String title, String text, double score) {
    }

    /**
     * The {@code k} notes and insights of {@code runId} most similar to the parent's description
     * and the hypothesis, best first. Items stored without an embedding are embedded now.
     */
    public List<Hit> relevant(String runId, String parentDescription, String hypothesis, int k) {
        String query = (parentDescription == null ? "" : parentDescription) + "\n"
                + (hypothesis == null ? "" : hypothesis);
        if (query.isBlank()) {
            return List.of();
        }
        List<Hit> pool = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (Embedded<NoteRecord> n : store.notes()) {
            pool.add(new Hit("note", n.item().id(), n.item().title(), n.item().body(), 0));
            vectors.add(n.vector() != null && n.vector().length == Embedder.DIMENSION ? n.vector()
                    : embedder.embed(n.item().title() + "\n\n" + n.item().body()));
        }
        if (runId != null) {
            for (Embedded<InsightRecord> i : store.insights(runId)) {
                pool.add(new Hit("insight", String.valueOf(i.item().id()), i.item().author(), i.item().text(), 0));
                vectors.add(i.vector() != null && i.vector().length == Embedder.DIMENSION ? i.vector()
                        : embedder.embed(i.item().text()));
            }
        }
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) {
            index.add(i);
        }
        return Retriever.rank(embedder.embed(query), index, vectors::get, k).stream()
                .map(s -> {
                    Hit h = pool.get(s.item());
                    return new Hit(h.kind(), h.id(), h.title(), h.text(), s.score());
                }).toList();
    }
}
