package io.archlab.sandbox.dsl;

import io.archlab.sandbox.ir.Op;
import io.archlab.sandbox.ir.ShapeException;
import io.archlab.sandbox.ir.Shapes;
import java.util.ArrayList;
import java.util.List;

/**
 * A symbolic tensor: a value of the network being described, with a known shape whose first axis
 * is the batch {@code B}. Operations return new tensors and record ops in the IR; nothing is
 * computed. Axes count the batch as axis 0, as in PyTorch; negative axes count from the end.
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

    /** Rank, counting the batch axis. */
    public int rank() {
        return shape.size() + 1;
    }

    /** Size of axis {@code i}; the batch size is not known while tracing, so {@code dim(0)} is an error. */
    public int dim(int i) {
        int k = i < 0 ? rank() + i : i;
        if (k == 0) {
            throw new ShapeException("dim", "the batch axis has no fixed size");
        }
        if (k < 0 || k >= rank()) {
            throw new ShapeException("dim", "axis " + i + " is out of range for " + this);
        }
        return shape.get(k - 1);
    }

    /** Shape after the batch axis. */
    public List<Integer> shape() {
        return shape;
    }

    // ---- normalisation -------------------------------------------------------------------------

    /** Batch normalisation over axis 1 (channels or features), with running statistics. */
    public Tensor batchNorm() {
        return net.apply(new Op.Norm(Op.Norm.Kind.BATCH, 1), this);
    }

    /** Layer normalisation over the last axis, with a learned scale and shift. */
    public Tensor layerNorm() {
        return net.apply(new Op.Norm(Op.Norm.Kind.LAYER, 1), this);
    }

    /** Group normalisation of axis-1 channels in {@code groups} groups. */
    public Tensor groupNorm(int groups) {
        return net.apply(new Op.Norm(Op.Norm.Kind.GROUP, groups), this);
    }

    /** RMS normalisation over the last axis, with a learned scale. */
    public Tensor rmsNorm() {
        return net.apply(new Op.Norm(Op.Norm.Kind.RMS, 1), this);
    }

    // ---- elementwise ---------------------------------------------------------------------------

    /** Elementwise {@code max(x, 0)}. */
    public Tensor relu() {
        return unary(Op.Unary.Fn.RELU);
    }

    /** Elementwise GELU, {@code x * Phi(x)} with {@code Phi} the standard normal CDF. */
    public Tensor gelu() {
        return unary(Op.Unary.Fn.GELU);
    }

    /** Elementwise SiLU (swish), {@code x * sigmoid(x)}. */
    public Tensor silu() {
        return unary(Op.Unary.Fn.SILU);
    }

    /** Elementwise {@code 1 / (1 + exp(-x))}, in (0, 1): a gate. */
    public Tensor sigmoid() {
        return unary(Op.Unary.Fn.SIGMOID);
    }

    /** Elementwise hyperbolic tangent, in (-1, 1). */
    public Tensor tanh() {
        return unary(Op.Unary.Fn.TANH);
    }

    /** Elementwise {@code log(1 + exp(x))}: a smooth, positive ReLU. */
    public Tensor softplus() {
        return unary(Op.Unary.Fn.SOFTPLUS);
    }

    /** Elementwise {@code -x}. */
    public Tensor neg() {
        return unary(Op.Unary.Fn.NEG);
    }

    /** Elementwise absolute value. */
    public Tensor abs() {
        return unary(Op.Unary.Fn.ABS);
    }

    /** Elementwise {@code x * x}. */
    public Tensor square() {
        return unary(Op.Unary.Fn.SQUARE);
    }

    /** Elementwise square root; negative inputs give NaN, so add a small constant to a variance first. */
    public Tensor sqrt() {
        return unary(Op.Unary.Fn.SQRT);
    }

    /** Elementwise {@code e^x}; large inputs overflow to infinity. */
    public Tensor exp() {
        return unary(Op.Unary.Fn.EXP);
    }

    /** Elementwise natural logarithm; zero gives -infinity and negative inputs NaN. */
    public Tensor log() {
        return unary(Op.Unary.Fn.LOG);
    }

    /**
     * Elementwise sum (a residual connection when shapes are equal), with numpy broadcasting: the axes
     * after the batch are aligned from the last one and sizes of 1 stretch, so {@code [B, C]} lines up
     * with the W of {@code [B, C, H, W]} (reshape it to {@code [B, C, 1, 1]} to act per channel), and a
     * {@link Net#parameter} broadcasts over the batch.
     */
    public Tensor add(Tensor other) {
        return binary(Op.Binary.Fn.ADD, other);
    }

    /** Elementwise {@code this - other}, broadcasting as {@link #add(Tensor)} does. */
    public Tensor sub(Tensor other) {
        return binary(Op.Binary.Fn.SUB, other);
    }

    /** Elementwise product, broadcasting as {@link #add(Tensor)} does (e.g. a gate: {@code x.mul(g.sigmoid())}). */
    public Tensor mul(Tensor other) {
        return binary(Op.Binary.Fn.MUL, other);
    }

    /** Elementwise {@code this / other}, broadcasting as {@link #add(Tensor)} does; nothing guards against zeros. */
    public Tensor div(Tensor other) {
        return binary(Op.Binary.Fn.DIV, other);
    }

    /** Elementwise minimum of two tensors, broadcasting as {@link #add(Tensor)} does. */
    public Tensor min(Tensor other) {
        return binary(Op.Binary.Fn.MIN, other);
    }

    /**
     * Elementwise maximum of two tensors, broadcasting as {@link #add(Tensor)} does (for a reduction over an
     * axis, see {@link #max(int)}).
     */
    public Tensor max(Tensor other) {
        return binary(Op.Binary.Fn.MAX, other);
    }

    /** Adds the constant {@code c} to every element. */
    public Tensor add(double c) {
        return scalar(Op.Scalar.Fn.ADD, c);
    }

    /** Subtracts the constant {@code c} from every element: {@code this - c}. */
    public Tensor sub(double c) {
        return scalar(Op.Scalar.Fn.SUB, c);
    }

    /** {@code c - this}. */
    public Tensor rsub(double c) {
        return scalar(Op.Scalar.Fn.RSUB, c);
    }

    /** Multiplies every element by the constant {@code c}, e.g. attention scores by {@code 1 / Math.sqrt(d)}. */
    public Tensor mul(double c) {
        return scalar(Op.Scalar.Fn.MUL, c);
    }

    /** Divides every element by the constant {@code c}, which must not be 0. */
    public Tensor div(double c) {
        return scalar(Op.Scalar.Fn.DIV, c);
    }

    /** Raises every element to the power {@code c}; negative inputs with a non-integer {@code c} give NaN. */
    public Tensor pow(double c) {
        return scalar(Op.Scalar.Fn.POW, c);
    }

    // ---- reductions and normalisers ------------------------------------------------------------

    /**
     * Sum over {@code axis}, which is removed ({@code [B, T, D]} summed over axis 1 is {@code [B, D]}); the batch
     * axis 0 is refused.
     */
    public Tensor sum(int axis) {
        return reduce(Op.Reduce.Fn.SUM, false, axis);
    }

    /**
     * Mean over {@code axis}, which is removed, e.g. {@code mean(1)} pools {@code [B, T, D]} tokens to
     * {@code [B, D]}; the batch axis 0 is refused.
     */
    public Tensor mean(int axis) {
        return reduce(Op.Reduce.Fn.MEAN, false, axis);
    }

    /** Maximum over {@code axis}, which is removed; the batch axis 0 is refused. */
    public Tensor max(int axis) {
        return reduce(Op.Reduce.Fn.MAX, false, axis);
    }

    /** Sum over axes, keeping them with size 1 when {@code keepDims}. */
    public Tensor sum(boolean keepDims, int... axes) {
        return reduce(Op.Reduce.Fn.SUM, keepDims, axes);
    }

    /**
     * Mean over axes (not the batch), keeping them with size 1 when {@code keepDims}: {@code mean(true, 2, 3)} turns
     * {@code [B, C, H, W]} into {@code [B, C, 1, 1]}.
     */
    public Tensor mean(boolean keepDims, int... axes) {
        return reduce(Op.Reduce.Fn.MEAN, keepDims, axes);
    }

    /** Maximum over axes (not the batch), keeping them with size 1 when {@code keepDims}. */
    public Tensor max(boolean keepDims, int... axes) {
        return reduce(Op.Reduce.Fn.MAX, keepDims, axes);
    }

    /** Softmax along {@code axis} (not the batch): positive values summing to 1 along it, shape unchanged. */
    public Tensor softmax(int axis) {
        return net.apply(new Op.Softmax(axis("softmax", axis), false), this);
    }

    /** Log of {@link #softmax(int)} along {@code axis}, computed stably; shape unchanged. */
    public Tensor logSoftmax(int axis) {
        return net.apply(new Op.Softmax(axis("logSoftmax", axis), true), this);
    }

    /** Cumulative sum along {@code axis}: the building block of linear scans. */
    public Tensor cumsum(int axis) {
        return net.apply(new Op.CumSum(axis("cumsum", axis)), this);
    }

    // ---- shape ---------------------------------------------------------------------------------

    /** New shape for the axes after the batch, e.g. {@code reshape(49, 32)}; one size may be -1. */
    public Tensor reshape(int... dims) {
        List<Integer> out = Net.toList(dims);
        int unknown = out.indexOf(-1);
        if (unknown >= 0 && out.lastIndexOf(-1) == unknown) {
            long known = 1;
            for (int d : out) {
                known *= d == -1 ? 1 : d;
            }
            long total = Shapes.numel(shape);
            if (known <= 0 || total % known != 0) {
                throw new ShapeException("reshape", this + " cannot be reshaped to " + out);
            }
            out.set(unknown, (int) (total / known));
        }
        return net.apply(new Op.Reshape(out), this);
    }

    /** Swaps two axes (not the batch). */
    public Tensor transpose(int a, int b) {
        int x = axis("transpose", a);
        int y = axis("transpose", b);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < shape.size(); i++) {
            order.add(i == x ? y : i == y ? x : i);
        }
        return net.apply(new Op.Permute(order), this);
    }

    /** Reorders all axes; {@code order[0]} must be 0 (the batch stays first). */
    public Tensor permute(int... order) {
        if (order.length == 0 || order[0] != 0) {
            throw new ShapeException("permute", "the batch axis 0 must stay first, got order "
                    + Net.toList(order));
        }
        List<Integer> o = new ArrayList<>();
        for (int i = 1; i < order.length; i++) {
            o.add(order[i] - 1);
        }
        return net.apply(new Op.Permute(o), this);
    }

    /** {@code [B, ...]} to {@code [B, N]}. */
    public Tensor flatten() {
        return net.apply(new Op.Reshape(List.of((int) Shapes.numel(shape))), this);
    }

    /** A feature map {@code [B, C, H, W]} as a sequence of positions {@code [B, H*W, C]}. */
    public Tensor flattenSpatial() {
        if (shape.size() != 3) {
            throw new ShapeException("flattenSpatial", "expects [B, C, H, W] but got " + this);
        }
        Tensor t = net.apply(new Op.Reshape(List.of(shape.get(0), shape.get(1) * shape.get(2))), this);
        return net.apply(new Op.Permute(List.of(1, 0)), t);
    }

    /** Elements {@code start} to {@code end} (exclusive) along {@code axis}. */
    public Tensor slice(int axis, int start, int end) {
        return net.apply(new Op.Slice(axis("slice", axis), start, end), this);
    }

    /** Splits {@code axis} into consecutive pieces of the given sizes (they must add up to its size). */
    public List<Tensor> split(int axis, int... sizes) {
        int a = axis("split", axis);
        int total = 0;
        for (int s : sizes) {
            total += s;
        }
        if (sizes.length < 2 || total != shape.get(a)) {
            throw new ShapeException("split", "sizes " + Net.toList(sizes) + " do not add up to " + shape.get(a)
                    + " (axis " + (a + 1) + " of " + this + ")");
        }
        List<Tensor> parts = new ArrayList<>();
        int start = 0;
        for (int s : sizes) {
            parts.add(net.apply(new Op.Slice(a, start, start + s), this));
            start += s;
        }
        return parts;
    }

    /** Joins this tensor with others along {@code axis}. */
    public Tensor concat(int axis, Tensor... others) {
        Tensor[] all = new Tensor[others.length + 1];
        all[0] = this;
        System.arraycopy(others, 0, all, 1, others.length);
        return net.concat(axis, all);
    }

    // ---- spatial -------------------------------------------------------------------------------

    /** Max pooling, window and stride {@code kernel}. {@code [B, C, H, W]}. */
    public Tensor maxPool(int kernel) {
        return maxPool(kernel, kernel, 0);
    }

    /**
     * Max pooling of {@code [B, C, H, W]} with a {@code kernel x kernel} window moved by {@code stride}, no padding:
     * H becomes {@code floor((H - kernel) / stride) + 1}, likewise W.
     */
    public Tensor maxPool(int kernel, int stride) {
        return maxPool(kernel, stride, 0);
    }

    /**
     * Max pooling as {@link #maxPool(int, int)} with {@code padding} on each side (at most {@code kernel / 2};
     * padding never wins): H becomes {@code floor((H + 2*padding - kernel) / stride) + 1}.
     */
    public Tensor maxPool(int kernel, int stride, int padding) {
        return net.apply(new Op.Pool(Op.Pool.Kind.MAX, kernel, stride, padding), this);
    }

    /** Average pooling, window and stride {@code kernel}. {@code [B, C, H, W]}. */
    public Tensor avgPool(int kernel) {
        return avgPool(kernel, kernel, 0);
    }

    /**
     * Average pooling of {@code [B, C, H, W]} with a {@code kernel x kernel} window moved by {@code stride}, no
     * padding: H becomes {@code floor((H - kernel) / stride) + 1}, likewise W.
     */
    public Tensor avgPool(int kernel, int stride) {
        return avgPool(kernel, stride, 0);
    }

    /**
     * Average pooling as {@link #avgPool(int, int)} with {@code padding} on each side (at most {@code kernel / 2};
     * padded cells are left out of the average): H becomes {@code floor((H + 2*padding - kernel) / stride) + 1}.
     */
    public Tensor avgPool(int kernel, int stride, int padding) {
        return net.apply(new Op.Pool(Op.Pool.Kind.AVG, kernel, stride, padding), this);
    }

    /** Mean over all axes after the channels: {@code [B, C, ...]} to {@code [B, C]}. */
    public Tensor globalAvgPool() {
        return net.apply(new Op.GlobalPool(Op.Pool.Kind.AVG), this);
    }

    /** Max over all axes after the channels: {@code [B, C, ...]} to {@code [B, C]}. */
    public Tensor globalMaxPool() {
        return net.apply(new Op.GlobalPool(Op.Pool.Kind.MAX), this);
    }

    /** Nearest-neighbour upsampling by {@code scale}. {@code [B, C, H, W]}. */
    public Tensor upsample(int scale) {
        return net.apply(new Op.Upsample(scale), this);
    }

    /** Non-overlapping {@code patch x patch} patches: {@code [B, C, H, W]} to {@code [B, HW/p^2, C*p*p]}. */
    public Tensor patchify(int patch) {
        return net.apply(new Op.Patchify(patch), this);
    }

    // ---- products and regularisation ------------------------------------------------------------

    /** Matrix product over the last two axes: {@code [B, .., M, K] x [B, .., K, N]}. */
    public Tensor matmul(Tensor other) {
        return net.apply(new Op.MatMul(), this, other);
    }

    /** Dropout with probability {@code rate} while training; identity at inference. */
    public Tensor dropout(double rate) {
        return net.apply(new Op.Dropout(rate), this);
    }

    @Override
    public String toString() {
        return Shapes.show(shape);
    }

    /** Batch-free index of a PyTorch-style axis; the batch axis is refused. */
    int axis(String op, int axis) {
        int k = axis < 0 ? rank() + axis : axis;
        if (k == 0) {
            throw new ShapeException(op, "axis " + axis + " is the batch axis, which cannot be used here");
        }
        if (k < 0 || k >= rank()) {
            throw new ShapeException(op, "axis " + axis + " is out of range for " + this);
        }
        return k - 1;
    }

    private Tensor unary(Op.Unary.Fn fn) {
        return net.apply(new Op.Unary(fn), this);
    }

    private Tensor binary(Op.Binary.Fn fn, Tensor other) {
        return net.apply(new Op.Binary(fn), this, other);
    }

    private Tensor scalar(Op.Scalar.Fn fn, double c) {
        return net.apply(new Op.Scalar(fn, c), this);
    }

    private Tensor reduce(Op.Reduce.Fn fn, boolean keepDims, int... axes) {
        String name = fn.name().toLowerCase();
        if (axes.length == 0) {
            throw new ShapeException(name, "needs at least one axis");
        }
        List<Integer> a = new ArrayList<>();
        for (int x : axes) {
            a.add(axis(name, x));
        }
        return net.apply(new Op.Reduce(fn, a, keepDims), this);
    }
}
