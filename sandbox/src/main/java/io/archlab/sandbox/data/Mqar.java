package io.archlab.sandbox.data;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Multi-query associative recall, the standard probe of attention and recurrent designs: a
 * sequence lists key-value pairs, then repeats one key; the answer is its value. Token 0 pads,
 * keys come from {@code [1, vocab/2)}, values from {@code [vocab/2, vocab)}; the class is the
 * value's index. Generated from a seed, so every run sees the same data.
 */
public final class Mqar {
    /** Default sequence length, vocabulary, pairs per sequence and sizes. */
    public static final int LENGTH = 64;
    public static final int VOCAB = 64;
    static final int PAIRS = 8;
    static final int TRAIN = 20_000;
    static final int TEST = 2_000;
    static final long SEED = 1234;

    private Mqar() {
    }

    /** The task shape for the given length and vocabulary. */
    public static Task task(int length, int vocab) {
        check(length, vocab);
        return Task.sequence("mqar", length, vocab, vocab / 2);
    }

    public static TaskData generate(int length, int vocab) {
        Task task = task(length, vocab);
        int pairs = Math.min(PAIRS, Math.min((length - 1) / 2, vocab / 2 - 1));
        Random r = new Random(SEED);
        Dataset train = sample(r, TRAIN, length, vocab, pairs);
        Dataset test = sample(r, TEST, length, vocab, pairs);
        String settings = "mqar length=" + length + " vocab=" + vocab + " pairs=" + pairs + " seed=" + SEED;
        return new TaskData(task, train, test, "generated (" + settings + ")", false,
                Map.of("generator", FashionMnist.sha256(settings.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    private static Dataset sample(Random r, int n, int length, int vocab, int pairs) {
        int half = vocab / 2;
        float[] x = new float[n * length];
        int[] y = new int[n];
        for (int s = 0; s < n; s++) {
            int[] keys = r.ints(1, half).distinct().limit(pairs).toArray();
            int[] values = new int[pairs];
            for (int p = 0; p < pairs; p++) {
                values[p] = half + r.nextInt(half);
                x[s * length + 2 * p] = keys[p];
                x[s * length + 2 * p + 1] = values[p];
            }
            int q = r.nextInt(pairs);
            x[s * length + length - 1] = keys[q];
            y[s] = values[q] - half;
        }
        return new Dataset(List.of(length), n, x, y);
    }

    private static void check(int length, int vocab) {
        if (length < 3 || vocab < 6 || vocab % 2 != 0) {
            throw new DatasetException("mqar needs a sequence length >= 3 and an even vocabulary >= 6, got length "
                    + length + " and vocabulary " + vocab);
        }
    }
}
