package io.archlab.sandbox.dsl;

import io.archlab.sandbox.ir.GraphBuilder;
import io.archlab.sandbox.ir.Op;
import io.archlab.sandbox.ir.ShapeException;

/**
 * The layer factory handed to {@link Architecture#forward}: creates the layers that carry weights
 * and knows the task (class count). Every method records an op in the IR being traced.
 */
public final class Net {
    private final GraphBuilder graph;

    /** Used by the tracer; candidates never construct a {@code Net}. */
    public Net(GraphBuilder graph) {
        this.graph = graph;
    }

    /** Number of classes the output must score. */
    public int numClasses() {
        return graph.numClasses();
    }

    /** 3x3-style "same" convolution: stride 1, padding {@code kernel / 2}. Input {@code [B, C, H, W]}. */
    public Tensor conv2d(Tensor x, int outChannels, int kernel) {
        return conv2d(x, outChannels, kernel, 1, kernel / 2);
    }

    /** 2-D convolution with bias. Input {@code [B, C, H, W]}, output {@code [B, outChannels, H', W']}. */
    public Tensor conv2d(Tensor x, int outChannels, int kernel, int stride, int padding) {
        return apply(new Op.Conv2d(outChannels, kernel, stride, padding), x);
    }

    /** Fully connected layer with bias. Input {@code [B, F]}, output {@code [B, outFeatures]}. */
    public Tensor linear(Tensor x, int outFeatures) {
        return apply(new Op.Linear(outFeatures), x);
    }

    Tensor apply(Op op, Tensor... inputs) {
        int[] ids = new int[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) {
                throw new ShapeException("a tensor passed to " + op.getClass().getSimpleName() + " is null");
            }
            if (inputs[i].net() != this) {
                throw new ShapeException("a tensor from another network was passed to "
                        + op.getClass().getSimpleName());
            }
            ids[i] = inputs[i].id();
        }
        int id = graph.add(op, ids);
        return new Tensor(this, id, graph.shape(id));
    }

    /** The tensor standing for the input batch. */
    public Tensor input() {
        return new Tensor(this, graph.input(), graph.shape(graph.input()));
    }
}
