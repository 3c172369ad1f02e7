package io.archlab.sandbox.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;

/**
 * Softmax cross-entropy against smoothed targets: with {@code K} classes (the prediction's last
 * axis), the target of a label puts {@code 1 - eps + eps/K} on it and {@code eps/K} on every other
 * class. Labels come as class indices, as for {@link Loss#softmaxCrossEntropyLoss()}; predictions are
 * logits.
 */
final class SmoothedCrossEntropy extends Loss {
    private static final SoftmaxCrossEntropyLoss DENSE =
            new SoftmaxCrossEntropyLoss("SoftmaxCrossEntropyLoss", 1, -1, false, true);

    private final float eps;

    SmoothedCrossEntropy(float eps) {
        super("SmoothedCrossEntropy");
        this.eps = eps;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray pred = predictions.singletonOrThrow();
        int k = (int) pred.getShape().tail();
        NDArray target = labels.singletonOrThrow().toType(DataType.INT64, false).oneHot(k)
                .mul(1 - eps).add(eps / k);
        return DENSE.evaluate(new NDList(target), predictions);
    }
}
