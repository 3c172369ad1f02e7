package io.archlab.knowledge.notes;

/**
 * An item with its similarity to a query.
 *
 * @param score cosine similarity, in [-1, 1]; higher is closer
 */
public record Scored<T>(T item, double score) {
}
