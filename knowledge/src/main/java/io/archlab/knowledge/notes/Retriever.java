package io.archlab.knowledge.notes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Ranks items that carry an embedding (notes, insights, anything) by cosine similarity to a query.
 * Ties keep the input order, so the same inputs always give the same ranking.
 */
public final class Retriever {
    private final Embedder embedder;

    /** A retriever that embeds queries with {@code embedder}. */
    public Retriever(Embedder embedder) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
    }

    /**
     * The at most {@code k} items closest to {@code query}, closest first; {@code embeddingOf} gives
     * each item's vector, made by the same model. Throws {@link IllegalArgumentException} when
     * {@code k} is negative, the query is blank, or an item has no vector or one of another length.
     */
    public <T> List<Scored<T>> topK(String query, List<T> items, Function<T, float[]> embeddingOf, int k) {
        requireK(k);
        if (items.isEmpty() || k == 0) {
            return List.of();
        }
        return rank(embedder.embed(query), items, embeddingOf, k);
    }

    /** As {@link #topK}, for a query already embedded. */
    public static <T> List<Scored<T>> rank(float[] query, List<T> items, Function<T, float[]> embeddingOf, int k) {
        requireK(k);
        List<Scored<T>> scored = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            T item = items.get(i);
            float[] vector = embeddingOf.apply(item);
            if (vector == null) {
                throw new IllegalArgumentException("item " + i + " has no embedding");
            }
            if (vector.length != query.length) {
                throw new IllegalArgumentException("item " + i + " has an embedding of length " + vector.length
                        + ", the query one of length " + query.length);
            }
            scored.add(new Scored<>(item, Embedder.cosine(query, vector)));
        }
        // List.sort is stable: equal scores keep their input order.
        scored.sort(Comparator.comparingDouble((Scored<T> s) -> s.score()).reversed());
        return List.copyOf(scored.subList(0, Math.min(k, scored.size())));
    }

    private static void requireK(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be 0 or more, not " + k);
        }
    }
}
