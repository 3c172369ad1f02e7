package io.archlab.sandbox.data;

import java.util.Arrays;
import java.util.Random;

/**
 * The data a search may use: training and validation, both carved from the training set. The
 * test split is not here: it is reachable only as a sealed {@code io.archlab.sandbox.train.HeldOutTest}.
 */
public final class Splits {
    /** Seed of the validation carve: fixed, so every run and every candidate sees the same split. */
    public static final long CARVE_SEED = 0x5EED_CA7EL;

    private final Dataset train;
    private final Dataset validation;

    private Splits(Dataset train, Dataset validation) {
        this.train = train;
        this.validation = validation;
    }

    /** Carves {@code validationFraction} of the training set, at random with a fixed seed. */
    public static Splits of(TaskData data, double validationFraction) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
        }
        int[][] parts = carve(data.train().count(), validationFraction, CARVE_SEED);
        return new Splits(data.train().select(parts[1]), data.train().select(parts[0]));
    }

    /** A fixed-seed random split of {@code 0..n-1}: {fraction part, rest}, each sorted. */
    public static int[][] carve(int n, double fraction, long seed) {
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
        int k = Math.max(1, (int) Math.round(n * fraction));
        int[] a = Arrays.copyOfRange(perm, 0, k);
        int[] b = Arrays.copyOfRange(perm, k, n);
        Arrays.sort(a);
        Arrays.sort(b);
        return new int[][] {a, b};
    }

    public Dataset train() {
        return train;
    }

    public Dataset validation() {
        return validation;
    }
}
