package io.archlab.sandbox.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;

/** Classification accuracy and mean loss of a block over a whole labelled set, in inference mode. */
public final class Accuracy {
    private static final int BATCH = 1000;
    private static final Loss LOSS = Loss.softmaxCrossEntropyLoss();

    private Accuracy() {
    }

    /** Accuracy and mean cross-entropy. */
    public record Score(double accuracy, double loss) {
    }

    public static Score score(Block block, NDManager manager, NDArray images, NDArray labels) {
        long n = images.getShape().get(0);
        long correct = 0;
        double lossSum = 0;
        ParameterStore ps = new ParameterStore(manager, false);
        for (long start = 0; start < n; start += BATCH) {
            long end = Math.min(n, start + BATCH);
            try (NDManager m = manager.newSubManager()) {
                NDArray x = images.get(new NDIndex("{}:{}", start, end));
                x.attach(m);
                NDArray y = labels.get(new NDIndex("{}:{}", start, end));
                y.attach(m);
                NDArray scores = block.forward(ps, new NDList(x), false).singletonOrThrow();
                scores.attach(m);
                correct += scores.argMax(1).toType(y.getDataType(), false).eq(y).toType(DataType.INT64, false).sum()
                        .getLong();
                lossSum += LOSS.evaluate(new NDList(y), new NDList(scores)).getFloat() * (end - start);
            }
        }
        return new Score((double) correct / n, lossSum / n);
    }
}
