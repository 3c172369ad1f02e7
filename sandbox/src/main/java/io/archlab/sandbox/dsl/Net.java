package io.archlab.sandbox.dsl;

import io.archlab.sandbox.ir.GraphBuilder;
import io.archlab.sandbox.ir.Op;
import io.archlab.sandbox.ir.ShapeException;
import java.util.ArrayList;
import java.util.List;

/**
 * The layer factory handed to {@link Architecture#forward}: creates everything that carries
 * weights (linear and convolution layers, embeddings, learnable tensors), joins tensors, and knows
 * the task. Every call records an op in the IR being traced and checks its shapes on the spot.
 *
 * <p>Axes count the batch as axis 0, as in PyTorch; negative axes count from the end.
 */
public final class Net {
    private final GraphBuilder graph;

    /** Used by the tracer; candidates never construct a {@code Net}. */
    public Net(GraphBuilder graph) {
        this.graph = graph;
    }

    /** Number of classes the output must score: {@code forward} returns {@code [B, numClasses()]}. */
    public int numClasses() {
        return graph.numClasses();
    }

    /** Vocabulary size of a token task (input {@code [B, T]} of ids), or 0 for real-valued input. */
    public int vocabSize() {
        return graph.vocab();
    }

    /** Fully connected layer with bias over the last axis: {@code [B, ..., F]} to {@code [B, ..., out]}. */
    public Tensor linear(Tensor x, int outFeatures) {
        return apply(new Op.Linear(outFeatures, true), x);
    }

    /** Fully connected layer over the last axis, with or without bias. */
    public Tensor linear(Tensor x, int outFeatures, boolean bias) {
        return apply(new Op.Linear(outFeatures, bias), x);
    }

    /** "Same" 2-d convolution: stride 1, padding {@code kernel / 2}. {@code [B, C, H, W]} in and out. */
    public Tensor conv2d(Tensor x, int outChannels, int kernel) {
        return conv2d(x, outChannels, kernel, 1, kernel / 2);
    }

    /** 2-d convolution with bias. */
    public Tensor conv2d(Tensor x, int outChannels, int kernel, int stride, int padding) {
        return conv2d(x, outChannels, kernel, stride, padding, 1, 1);
    }

    /** 2-d convolution with bias, dilation and groups. */
    public Tensor conv2d(Tensor x, int outChannels, int kernel, int stride, int padding, int dilation, int groups) {
        return apply(new Op.Conv(2, outChannels, kernel, stride, padding, dilation, groups), x);
    }

    /** Depthwise {@code kernel x kernel} convolution (one filter per channel), stride 1, padding {@code kernel / 2}. */
    public Tensor depthwiseConv2d(Tensor x, int kernel) {
        return depthwiseConv2d(x, kernel, 1);
    }

    /** Depthwise convolution with a stride; padding {@code kernel / 2}. */
    public Tensor depthwiseConv2d(Tensor x, int kernel, int stride) {
        int c = x.dim(1);
        return apply(new Op.Conv(2, c, kernel, stride, kernel / 2, 1, c), x);
    }

    /** "Same" 1-d convolution over {@code [B, C, L]}: stride 1, padding {@code kernel / 2}. */
    public Tensor conv1d(Tensor x, int outChannels, int kernel) {
        return conv1d(x, outChannels, kernel, 1, kernel / 2, 1, 1);
    }

    /** 1-d convolution with bias, stride, padding, dilation and groups. */
    public Tensor conv1d(Tensor x, int outChannels, int kernel, int stride, int padding, int dilation, int groups) {
        return apply(new Op.Conv(1, outChannels, kernel, stride, padding, dilation, groups), x);
    }

    /** Embeds the task's token ids: {@code [B, T]} to {@code [B, T, dim]}. */
    public Tensor embedding(Tensor tokens, int dim) {
        if (graph.vocab() == 0) {
            throw new ShapeException("embedding", "this task's input is not token ids");
        }
        return apply(new Op.Embedding(graph.vocab(), dim), tokens);
    }

    /**
     * A learnable tensor shared by every sample, e.g. position embeddings {@code parameter(49, 64)}:
     * shape {@code [1, dims...]}, broadcast over the batch. Starts near zero (normal, std 0.02).
     */
    public Tensor parameter(int... dims) {
        return apply(new Op.Param(toList(dims), Op.Param.Init.NORMAL));
    }

    /** A learnable tensor starting at ones (a scale) or zeros (a shift or a gate). */
    public Tensor parameter(boolean ones, int... dims) {
        return apply(new Op.Param(toList(dims), ones ? Op.Param.Init.ONES : Op.Param.Init.ZEROS));
    }

    /** Joins tensors along {@code axis}; all other sizes must match. */
    public Tensor concat(int axis, Tensor... xs) {
        if (xs == null || xs.length < 2) {
            throw new ShapeException("concat", "needs at least two tensors");
        }
        return apply(new Op.Concat(xs[0].axis("concat", axis)), xs);
    }

    Tensor apply(Op op, Tensor... inputs) {
        int[] ids = new int[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) {
                throw new ShapeException(op.name(), "a tensor passed to it is null");
            }
            if (inputs[i].net() != this) {
                throw new ShapeException(op.name(), "a tensor from another network (kept from an earlier call?) "
                        + "was passed to it");
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

    static List<Integer> toList(int... dims) {
        List<Integer> l = new ArrayList<>();
        for (int d : dims) {
            l.add(d);
        }
        return l;
    }
}
