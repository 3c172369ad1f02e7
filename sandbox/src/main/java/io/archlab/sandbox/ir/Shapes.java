package io.archlab.sandbox.ir;

import java.util.List;
import java.util.stream.Collectors;

/** Shape arithmetic shared by the ops. */
final class Shapes {
    private Shapes() {
    }

    static void requirePositive(String what, int value) {
        if (value <= 0) {
            throw new ShapeException(what + " must be > 0, got " + value);
        }
    }

    static List<Integer> requireRank(String op, List<Integer> shape, int rank) {
        if (shape.size() != rank) {
            throw new ShapeException(op + " expects a " + (rank == 3 ? "[C, H, W]" : rank + "-d")
                    + " tensor but got " + show(shape));
        }
        return shape;
    }

    static int convOut(String op, int size, int kernel, int stride, int padding) {
        int out = (size + 2 * padding - kernel) / stride + 1;
        if (size + 2 * padding < kernel || out <= 0) {
            throw new ShapeException(op + " kernel " + kernel + " does not fit a spatial size of " + size
                    + " with padding " + padding);
        }
        return out;
    }

    static String show(List<Integer> shape) {
        return shape.stream().map(String::valueOf).collect(Collectors.joining(", ", "[B, ", "]"));
    }
}
