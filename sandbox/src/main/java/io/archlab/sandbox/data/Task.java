package io.archlab.sandbox.data;

import java.util.List;

/**
 * What candidates are built for: the input shape (without the batch), the number of classes, and
 * the vocabulary size when the input is a sequence of token ids (0 for real-valued input).
 */
public record Task(String name, List<Integer> inputShape, int numClasses, int vocab) {
    public Task {
        inputShape = List.copyOf(inputShape);
    }

    /** Fashion-MNIST classification: 1x28x28 grey-scale images, 10 classes. */
    public static final Task FASHION_MNIST = new Task("fashion-mnist", List.of(1, 28, 28), 10, 0);

    /** A sequence-classification task shape: {@code length} token ids from {@code vocab}. */
    public static Task sequence(String name, int length, int vocab, int classes) {
        return new Task(name, List.of(length), classes, vocab);
    }

    /** Whether the input is token ids. */
    public boolean tokens() {
        return vocab > 0;
    }

    /** The task named {@code name}, or an error listing the known ones. */
    public static Task named(String name) {
        if (FASHION_MNIST.name().equals(name)) {
            return FASHION_MNIST;
        }
        throw new IllegalArgumentException("unknown task '" + name + "' (known: " + FASHION_MNIST.name() + ")");
    }
}
