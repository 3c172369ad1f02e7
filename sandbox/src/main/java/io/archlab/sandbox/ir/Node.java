package io.archlab.sandbox.ir;

import java.util.List;

/**
 * One value of the graph: the op that computes it, the ids of its inputs, its shape (without the
 * batch dimension), and its trainable parameters and multiply-accumulates per sample.
 */
public record Node(int id, Op op, List<Integer> inputs, List<Integer> shape, long params, long macs) {
    public Node {
        inputs = List.copyOf(inputs);
        shape = List.copyOf(shape);
    }
}
