package io.archlab.sandbox.train;

import io.archlab.sandbox.data.Splits;
import io.archlab.sandbox.data.TaskData;
import io.archlab.sandbox.ir.Graph;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.ToDoubleFunction;

/**
 * The held-out test split, sealed: nothing can read its examples, only ask for the accuracy of a
 * trained candidate on them. {@link Splits} (what training and selection see) does not carry it;
 * a run's final evaluation gets it separately, once selection is over. On a tabular benchmark the
 * split is the table's test column, sealed the same way: only the selected candidate's accuracy
 * comes out.
 */
public final class HeldOutTest {
    /** Scores one candidate. */
    private interface Scorer {
        double accuracy(Graph graph, Path weights) throws IOException;
    }

    private final Scorer scorer;
    private final int count;
    private final boolean needsWeights;

    private HeldOutTest(Scorer scorer, int count, boolean needsWeights) {
        this.scorer = scorer;
        this.count = count;
        this.needsWeights = needsWeights;
    }

    /** The test split of {@code data}. */
    public static HeldOutTest of(TaskData data) {
        return new HeldOutTest((g, w) -> FinalEvaluator.testAccuracy(g, w, data.test()), data.test().count(), true);
    }

    /**
     * A test split whose accuracies were measured beforehand and are looked up by network (a tabular
     * benchmark's test column): no weights are needed.
     *
     * @param count    examples behind each accuracy
     * @param accuracy a network's test accuracy, in [0, 1]
     */
    public static HeldOutTest of(int count, ToDoubleFunction<Graph> accuracy) {
        return new HeldOutTest((g, w) -> accuracy.applyAsDouble(g), count, false);
    }

    public int count() {
        return count;
    }

    /** Whether {@link #accuracy} needs the weights a trial wrote (false for looked-up accuracies). */
    public boolean needsWeights() {
        return needsWeights;
    }

    /** Accuracy on the test split of {@code graph} with the weights its trial wrote (ignored when not needed). */
    public double accuracy(Graph graph, Path weights) throws IOException {
        return scorer.accuracy(graph, weights);
    }
}
