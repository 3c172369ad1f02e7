package io.archlab.sandbox.data;

import java.util.List;

/** What candidates are trained for: the input shape (without batch) and the number of classes. */
public record Task(String name, List<Integer> inputShape, int numClasses) {
    public Task {
        inputShape = List.copyOf(inputShape);
    }

    /** Fashion-MNIST classification: 1x28x28 grey-scale images, 10 classes. */
    public static final Task FASHION_MNIST = new Task("fashion-mnist", List.of(1, 28, 28), 10);

    /** The task named {@code name}, or an error listing the known ones. */
    public static Task named(String name) {
        if (FASHION_MNIST.name().equals(name)) {
            return FASHION_MNIST;
        }
        throw new IllegalArgumentException("unknown task '" + name + "' (known: " + FASHION_MNIST.name() + ")");
    }
}
