package io.archlab.sandbox.dsl;

import io.archlab.sandbox.ir.Op;
import io.archlab.sandbox.ir.ShapeException;
import java.util.List;

/**
 * A symbolic tensor: a value of the network being described. Its shape is known at once (the
 * batch dimension {@code B} is symbolic); operations return new tensors and record ops in the IR.
 */
public final class Tensor {
    private final Net net;
    private final int id;
    private final List<Integer> shape;

    Tensor(Net net, int id, List<Integer> shape) {
        this.net = net;
        this.id = id;
        this.shape = shape;
    }

    Net net() {
        return net;
    }

    /** Id of this value in the IR. */
    public int id() {
        return id;
    }

    /** Rank including the batch dimension. */
    public int rank() {
        return shape.size() + 1;
    }

    /**
     * Size of dimension {@code i} (0 is the batch, negative counts from the end). The batch size is
     * not known while the network is described, so {@code dim(0)} is an error.
     */
    public int dim(int i) {
        int k = i < 0 ? rank() + i : i;
        if (k == 0) {
            throw new ShapeException("the batch dimension has no fixed size");
        }
        if (k < 0 || k >= rank()) {
            throw new ShapeException("dimension " + i + " is out of range for a rank-" + rank() + " tensor");
        }
        return shape.get(k - 1);
    }

    /** Shape without the batch dimension. */
    public List<Integer> shape() {
        return shape;
    }

    /** Batch normalisation over dimension 1 (channels or features). */
    public Tensor batchNorm() {
        return net.apply(new Op.BatchNorm(), this);
    }

    public Tensor relu() {
        return act(Op.Activation.Fn.RELU);
    }

    public Tensor gelu() {
        return act(Op.Activation.Fn.GELU);
    }

    public Tensor silu() {
        return act(Op.Activation.Fn.SILU);
    }

    public Tensor tanh() {
        return act(Op.Activation.Fn.TANH);
    }

    public Tensor sigmoid() {
        return act(Op.Activation.Fn.SIGMOID);
    }

    /** Max pooling with window and stride {@code kernel}. Input {@code [B, C, H, W]}. */
    public Tensor maxPool(int kernel) {
        return maxPool(kernel, kernel);
    }

    public Tensor maxPool(int kernel, int stride) {
        return net.apply(new Op.Pool(Op.Pool.Kind.MAX, kernel, stride), this);
    }

    /** Average pooling with window and stride {@code kernel}. Input {@code [B, C, H, W]}. */
    public Tensor avgPool(int kernel) {
        return avgPool(kernel, kernel);
    }

    public Tensor avgPool(int kernel, int stride) {
        return net.apply(new Op.Pool(Op.Pool.Kind.AVG, kernel, stride), this);
    }

    /** {@code [B, C, H, W]} to {@code [B, C*H*W]}. */
    public Tensor flatten() {
        return net.apply(new Op.Flatten(), this);
    }

    /** Elementwise sum with a tensor of the same shape (a residual connection). */
    public Tensor add(Tensor other) {
        return net.apply(new Op.Add(), this, other);
    }

    @Override
    public String toString() {
        return "Tensor" + shape;
    }

    private Tensor act(Op.Activation.Fn fn) {
        return net.apply(new Op.Activation(fn), this);
    }
}
