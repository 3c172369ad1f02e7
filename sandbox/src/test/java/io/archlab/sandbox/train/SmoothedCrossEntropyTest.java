package io.archlab.sandbox.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;

/** Label smoothing: cross-entropy against {@code (1 - eps)} on the label plus {@code eps/K} on every class. */
class SmoothedCrossEntropyTest {
    @Test
    void should_cost_a_confident_correct_prediction_more_than_plain_cross_entropy_by_the_analytic_amount() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList label = new NDList(m.create(new float[] {0}));
            NDList logits = new NDList(m.create(new float[] {4, 0, 0}, new Shape(1, 3)));
            double plain = Loss.softmaxCrossEntropyLoss().evaluate(label, logits).getFloat();
            double smoothed = new SmoothedCrossEntropy(0.3f).evaluate(label, logits).getFloat();
            // p0 = e^4 / (e^4 + 2), p1 = p2 = 1 / (e^4 + 2); the target is (0.8, 0.1, 0.1).
            double logZ = Math.log(Math.exp(4) + 2);
            assertEquals(logZ - 4, plain, 1e-5);
            assertEquals(-(0.8 * (4 - logZ) + 0.2 * -logZ), smoothed, 1e-5);
            assertTrue(smoothed > plain + 0.5, smoothed + " against " + plain);
        }
    }

    @Test
    void should_equal_plain_cross_entropy_without_smoothing_averaged_over_the_batch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList labels = new NDList(m.create(new float[] {2, 0, 1, 2}));
            NDArray scores = m.randomNormal(new Shape(4, 5));
            NDList logits = new NDList(scores);
            assertEquals(Loss.softmaxCrossEntropyLoss().evaluate(labels, logits).getFloat(),
                    new SmoothedCrossEntropy(0f).evaluate(labels, logits).getFloat(), 1e-5);
        }
    }
}
