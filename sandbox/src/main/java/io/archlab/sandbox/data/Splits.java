package io.archlab.sandbox.data;

import java.util.Random;

/**
 * The data a search may use (training and validation, both carved from the training set) and the
 * held-out test set, kept apart so that selection never sees the test split.
 */
public final class Splits {
    /** Seed of the validation carve: fixed, so every run and every candidate sees the same split. */
    public static final long CARVE_SEED = 0x5EED_CA7EL;

    private final ImageSet train;
    private final ImageSet validation;
    private final ImageSet test;

    private Splits(ImageSet train, ImageSet validation, ImageSet test) {
        this.train = train;
        this.validation = validation;
        this.test = test;
    }

    /** Carves {@code validationFraction} of the training set, at random with a fixed seed. */
    public static Splits of(FashionMnist data, double validationFraction) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
        }
        ImageSet all = data.train();
        int[] perm = new int[all.count()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        Random r = new Random(CARVE_SEED);
        for (int i = perm.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int nVal = Math.max(1, (int) Math.round(all.count() * validationFraction));
        int[] val = java.util.Arrays.copyOfRange(perm, 0, nVal);
        int[] tr = java.util.Arrays.copyOfRange(perm, nVal, perm.length);
        java.util.Arrays.sort(val);
        java.util.Arrays.sort(tr);
        return new Splits(all.select(tr), all.select(val), data.test());
    }

    public ImageSet train() {
        return train;
    }

    public ImageSet validation() {
        return validation;
    }

    /**
     * The held-out test set. Only the final evaluation of a run reads it; training and selection
     * must not.
     */
    public ImageSet heldOutTest() {
        return test;
    }
}
