package io.archlab.knowledge;

/**
 * An item with its embedding vector (null when it has none).
 *
 * @param model the embedding model that produced {@code vector}, or null
 */
public record Embedded<T>(T item, float[] vector, String model) {
}
