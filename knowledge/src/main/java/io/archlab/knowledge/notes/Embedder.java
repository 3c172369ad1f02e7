package io.archlab.knowledge.notes;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.archlab.knowledge.StoreException;
import java.util.ArrayList;
import java.util.List;

/**
 * Sentence embeddings with all-MiniLM-L6-v2, run in-process on the CPU (ONNX Runtime; the model
 * ships inside a Maven jar, nothing is downloaded). Vectors have {@value #DIMENSION} dimensions and
 * unit length; the same text always gives the same vector. The model is loaded on first use, once
 * per embedder, and may then be used from any thread. Texts longer than the model's window (about
 * 510 tokens) are embedded in pieces and averaged.
 */
public final class Embedder {
    /** The model's name, to store next to each vector. */
    public static final String MODEL_NAME = "all-MiniLM-L6-v2";
    /** The length of every vector. */
    public static final int DIMENSION = 384;

    private final Object lock = new Object();
    private volatile EmbeddingModel model;

    /** The embedding of {@code text}; throws {@link IllegalArgumentException} if it is blank. */
    public float[] embed(String text) {
        return model().embed(segment(text, 0)).content().vector();
    }

    /** The embeddings of {@code texts}, in order (computed in parallel); none may be blank. */
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            segments.add(segment(texts.get(i), i));
        }
        return model().embedAll(segments).content().stream().map(Embedding::vector).toList();
    }

    /**
     * The cosine similarity of two vectors of the same length, in [-1, 1]; 0 when either is all
     * zeros. Throws {@link IllegalArgumentException} when the lengths differ.
     */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("cannot compare vectors of lengths " + a.length + " and " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / (Math.sqrt(na) * Math.sqrt(nb));
    }

    private static TextSegment segment(String text, int index) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("text " + index + " to embed is blank");
        }
        return TextSegment.from(text);
    }

    private EmbeddingModel model() {
        EmbeddingModel m = model;
        if (m == null) {
            synchronized (lock) {
                m = model;
                if (m == null) {
                    try {
                        m = new AllMiniLmL6V2EmbeddingModel();
                    } catch (RuntimeException | LinkageError e) {
                        throw new StoreException("cannot load the embedding model " + MODEL_NAME, e);
                    }
                    model = m;
                }
            }
        }
        return m;
    }
}
