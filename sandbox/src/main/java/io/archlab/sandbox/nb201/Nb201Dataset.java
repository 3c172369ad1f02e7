package io.archlab.sandbox.nb201;

import io.archlab.sandbox.data.Task;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The three data sets NAS-Bench-201 trained every cell on, with the shape a candidate is built for
 * and the size of the test split behind the table's test column (CIFAR-10: the 10,000 test images;
 * CIFAR-100 and ImageNet16-120: the half of the test images NAS-Bench-201 kept for testing).
 */
public enum Nb201Dataset {
    /** CIFAR-10: 3x32x32, 10 classes. */
    CIFAR10("cifar10", "cifar10", List.of(3, 32, 32), 10, 10_000),
    /** CIFAR-100: 3x32x32, 100 classes. */
    CIFAR100("cifar100", "cifar100", List.of(3, 32, 32), 100, 5_000),
    /** ImageNet16-120: 3x16x16, 120 classes. */
    IMAGENET16("imagenet16", "imagenet", List.of(3, 16, 16), 120, 3_000);

    private final String cliName;
    private final String column;
    private final List<Integer> inputShape;
    private final int classes;
    private final int testCount;

    Nb201Dataset(String cliName, String column, List<Integer> inputShape, int classes, int testCount) {
        this.cliName = cliName;
        this.column = column;
        this.inputShape = inputShape;
        this.classes = classes;
        this.testCount = testCount;
    }

    /** The name on the command line: {@code cifar10}, {@code cifar100} or {@code imagenet16}. */
    public String cliName() {
        return cliName;
    }

    /** Prefix of the table's columns, e.g. {@code imagenet} for {@code imagenet-val}. */
    String column() {
        return column;
    }

    /** Test images behind the table's test column. */
    public int testCount() {
        return testCount;
    }

    /** The task a candidate network is built for: the data set's image shape and class count. */
    public Task task() {
        return new Task(Nb201Space.TASK, inputShape, classes, 0);
    }

    /** The data set named {@code name} on the command line; an unknown name gets the list of known ones. */
    public static Nb201Dataset of(String name) {
        for (Nb201Dataset d : values()) {
            if (d.cliName.equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown NAS-Bench-201 data set '" + name + "' (known: " + known() + ")");
    }

    /** The known names, comma-separated. */
    public static String known() {
        return Arrays.stream(values()).map(Nb201Dataset::cliName).collect(Collectors.joining(", "));
    }
}
