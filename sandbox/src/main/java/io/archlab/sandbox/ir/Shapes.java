package io.archlab.sandbox.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Shape arithmetic shared by the ops. Shapes here never include the batch dimension. */
public final class Shapes {
    private Shapes() {
    }

    static void positive(String op, String what, int value) {
        if (value <= 0) {
            throw new ShapeException(op, what + " must be > 0, got " + value);
        }
    }

    static void nonNegative(String op, String what, int value) {
        if (value < 0) {
            throw new ShapeException(op, what + " must be >= 0, got " + value);
        }
    }

    static List<Integer> rank(String op, List<Integer> shape, int rank, String form) {
        if (shape.size() != rank) {
            throw new ShapeException(op, "expects a " + form + " tensor but got " + show(shape));
        }
        return shape;
    }

    static int convOut(String op, int size, int kernel, int stride, int padding, int dilation) {
        int span = dilation * (kernel - 1) + 1;
        if (size + 2 * padding < span) {
            throw new ShapeException(op, "kernel " + kernel + (dilation > 1 ? " (dilation " + dilation + ")" : "")
                    + " does not fit a size of " + size + " with padding " + padding);
        }
        return (size + 2 * padding - span) / stride + 1;
    }

    /** Number of elements of a shape (1 for a scalar). */
    public static long numel(List<Integer> shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Numpy-style broadcast of two batch-free shapes. */
    static List<Integer> broadcast(String op, List<Integer> a, List<Integer> b) {
        int n = Math.max(a.size(), b.size());
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int da = i < n - a.size() ? 1 : a.get(i - (n - a.size()));
            int db = i < n - b.size() ? 1 : b.get(i - (n - b.size()));
            if (da != db && da != 1 && db != 1) {
                throw new ShapeException(op, show(a) + " and " + show(b) + " do not broadcast: sizes " + da + " and "
                        + db + " differ");
            }
            out.add(Math.max(da, db));
        }
        return out;
    }

    /** Checks a batch-free axis (already normalised) against a rank. */
    static int axis(String op, int axis, int rank) {
        if (axis < 0 || axis >= rank) {
            throw new ShapeException(op, "axis " + (axis + 1) + " is out of range for a rank-" + (rank + 1) + " tensor");
        }
        return axis;
    }

    /** {@code [B, 1, 28, 28]}. */
    public static String show(List<Integer> shape) {
        return shape.stream().map(String::valueOf).collect(Collectors.joining(", ", "[B" + (shape.isEmpty() ? "" : ", "),
                "]"));
    }
}
