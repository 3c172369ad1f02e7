package io.archlab.sandbox.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.archlab.sandbox.data.Dataset;

/** Data sets as DJL arrays: {@code [N, sampleShape...]} float inputs and {@code [N]} float class indices. */
public final class Tensors {
    private Tensors() {
    }

    public static NDArray inputs(NDManager manager, Dataset set) {
        return manager.create(set.x(), GraphBlock.withBatch(set.count(), set.sampleShape()));
    }

    public static NDArray labels(NDManager manager, Dataset set) {
        float[] lb = new float[set.count()];
        for (int i = 0; i < lb.length; i++) {
            lb[i] = set.y()[i];
        }
        return manager.create(lb, new Shape(set.count()));
    }
}
