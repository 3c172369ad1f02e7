package io.archlab.sandbox.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.archlab.sandbox.data.ImageSet;

/** Image sets as DJL arrays: pixels scaled to [0, 1] and standardised, labels as class indices. */
public final class Tensors {
    /** Fashion-MNIST's pixel mean and standard deviation (after scaling to [0, 1]). */
    static final float MEAN = 0.2860f;
    static final float STD = 0.3530f;

    private Tensors() {
    }

    /** {@code [N, 1, rows, cols]} float32 images. */
    public static NDArray images(NDManager manager, ImageSet set) {
        float[] px = new float[set.pixels().length];
        for (int i = 0; i < px.length; i++) {
            px[i] = ((set.pixels()[i] & 0xff) / 255f - MEAN) / STD;
        }
        return manager.create(px, new Shape(set.count(), 1, set.rows(), set.cols()));
    }

    /** {@code [N]} float32 labels. */
    public static NDArray labels(NDManager manager, ImageSet set) {
        float[] lb = new float[set.count()];
        for (int i = 0; i < lb.length; i++) {
            lb[i] = set.labels()[i];
        }
        return manager.create(lb, new Shape(set.count()));
    }
}
