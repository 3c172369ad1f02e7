package io.archlab.sandbox.proxies;

import io.archlab.sandbox.data.Dataset;
import java.util.Random;

/**
 * One mini-batch of training samples, taken as training takes its first batch: the first
 * {@code size} samples of a seeded Fisher-Yates permutation of the training set.
 *
 * @param samples the batch's inputs and labels
 * @param seed    the permutation's seed
 */
public record MiniBatch(Dataset samples, long seed) {

    /** The first mini-batch of {@code size} (at most the whole set) in the order seeded by {@code seed}. */
    public static MiniBatch first(Dataset train, int size, long seed) {
        if (size < 2) {
            throw new IllegalArgumentException("a proxy mini-batch needs at least 2 samples, got " + size);
        }
        if (train.count() < 2) {
            throw new IllegalArgumentException("the training set has " + train.count()
                    + " samples: too few for a proxy mini-batch");
        }
        int n = train.count();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        Random r = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return new MiniBatch(train.select(java.util.Arrays.copyOf(perm, Math.min(size, n))), seed);
    }

    /** Samples in the batch. */
    public int size() {
        return samples.count();
    }
}
