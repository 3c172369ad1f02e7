package io.archlab.sandbox.train;

import io.archlab.sandbox.data.Dataset;
import io.archlab.sandbox.data.Splits;
import io.archlab.sandbox.data.TaskData;
import io.archlab.sandbox.ir.Graph;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The held-out test split, sealed: nothing can read its examples, only ask for the accuracy of a
 * trained candidate on them. {@link Splits} (what training and selection see) does not carry it;
 * a run's final evaluation gets it separately, once selection is over.
 */
public final class HeldOutTest {
    private final Dataset test;

    private HeldOutTest(Dataset test) {
        this.test = test;
    }

    /** The test split of {@code data}. */
    public static HeldOutTest of(TaskData data) {
        return new HeldOutTest(data.test());
    }

    public int count() {
        return test.count();
    }

    /** Accuracy on the test split of {@code graph} with the weights its trial wrote. */
    public double accuracy(Graph graph, Path weights) throws IOException {
        return FinalEvaluator.testAccuracy(graph, weights, test);
    }
}
