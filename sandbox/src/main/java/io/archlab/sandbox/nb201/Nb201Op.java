package io.archlab.sandbox.nb201;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The five operations an edge of a NAS-Bench-201 cell can carry, in the benchmark's spelling. */
public enum Nb201Op {
    /** No connection: the edge contributes nothing. */
    NONE("none"),
    /** Identity. */
    SKIP_CONNECT("skip_connect"),
    /** ReLU, 1x1 convolution, batch norm. */
    NOR_CONV_1X1("nor_conv_1x1"),
    /** ReLU, 3x3 convolution, batch norm. */
    NOR_CONV_3X3("nor_conv_3x3"),
    /** 3x3 average pooling, stride 1, padding 1 (padded cells left out of the average). */
    AVG_POOL_3X3("avg_pool_3x3");

    private final String label;

    Nb201Op(String label) {
        this.label = label;
    }

    /** The name used in architecture strings, e.g. {@code nor_conv_3x3}. */
    public String label() {
        return label;
    }

    /** The op spelled {@code label}; an unknown name gets an error listing the known ones. */
    public static Nb201Op of(String label) {
        for (Nb201Op op : values()) {
            if (op.label.equals(label)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown op '" + label + "' (known: " + known() + ")");
    }

    /** The known op names, comma-separated. */
    public static String known() {
        return Arrays.stream(values()).map(Nb201Op::label).collect(Collectors.joining(", "));
    }

    /** The kernel of a convolution op, or 0. */
    int kernel() {
        return this == NOR_CONV_1X1 ? 1 : this == NOR_CONV_3X3 ? 3 : 0;
    }
}
