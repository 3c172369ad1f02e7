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

    /**
     * The shape of the task named {@code name} with default settings, for checking candidates
     * without loading data. Tasks whose shape depends on their data (text, csv) have none.
     */
    public static Task named(String name) {
        return switch (name) {
            case "fashion-mnist" -> FASHION_MNIST;
            case "cifar10" -> Cifar10.TASK;
            case "mqar" -> Mqar.task(Mqar.LENGTH, Mqar.VOCAB);
            default -> throw new IllegalArgumentException("unknown task '" + name + "' or one whose shape comes "
                    + "from its data (known: fashion-mnist, cifar10, mqar; text and csv take theirs from the file)");
        };
    }
}
