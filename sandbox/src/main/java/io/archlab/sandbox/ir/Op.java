package io.archlab.sandbox.ir;

import static io.archlab.sandbox.ir.Shapes.nonNegative;
import static io.archlab.sandbox.ir.Shapes.numel;
import static io.archlab.sandbox.ir.Shapes.positive;
import static io.archlab.sandbox.ir.Shapes.rank;
import static io.archlab.sandbox.ir.Shapes.show;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One operation of the IR. Every op knows, from the shapes of its inputs, its output shape, its
 * trainable parameters and its multiply-accumulates for one sample, so a whole graph is measured
 * before a single training step.
 *
 * <p>Shapes and axes never include the batch dimension: {@code [C, H, W]} for feature maps,
 * {@code [T, D]} for sequences; axis 0 is the first dimension after the batch.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Op.Input.class, name = "input"),
    @JsonSubTypes.Type(value = Op.Param.class, name = "param"),
    @JsonSubTypes.Type(value = Op.Linear.class, name = "linear"),
    @JsonSubTypes.Type(value = Op.Conv.class, name = "conv"),
    @JsonSubTypes.Type(value = Op.Embedding.class, name = "embedding"),
    @JsonSubTypes.Type(value = Op.Norm.class, name = "norm"),
    @JsonSubTypes.Type(value = Op.Unary.class, name = "unary"),
    @JsonSubTypes.Type(value = Op.Scalar.class, name = "scalar"),
    @JsonSubTypes.Type(value = Op.Binary.class, name = "binary"),
    @JsonSubTypes.Type(value = Op.MatMul.class, name = "matmul"),
    @JsonSubTypes.Type(value = Op.Reduce.class, name = "reduce"),
    @JsonSubTypes.Type(value = Op.Softmax.class, name = "softmax"),
    @JsonSubTypes.Type(value = Op.CumSum.class, name = "cumsum"),
    @JsonSubTypes.Type(value = Op.Reshape.class, name = "reshape"),
    @JsonSubTypes.Type(value = Op.Permute.class, name = "permute"),
    @JsonSubTypes.Type(value = Op.Concat.class, name = "concat"),
    @JsonSubTypes.Type(value = Op.Slice.class, name = "slice"),
    @JsonSubTypes.Type(value = Op.Pool.class, name = "pool"),
    @JsonSubTypes.Type(value = Op.GlobalPool.class, name = "global_pool"),
    @JsonSubTypes.Type(value = Op.Upsample.class, name = "upsample"),
    @JsonSubTypes.Type(value = Op.Patchify.class, name = "patchify"),
    @JsonSubTypes.Type(value = Op.Dropout.class, name = "dropout")
})
public sealed interface Op {
    /** Arity of ops that take two or more inputs. */
    int VARIADIC = -1;

    /** Number of input tensors; {@link #VARIADIC} for two or more. */
    int arity();

    /** The op's name as the DSL spells it, for messages. */
    String name();

    /** Output shape for the given input shapes; throws {@link ShapeException} when they do not fit. */
    List<Integer> outputShape(List<List<Integer>> in);

    /** Trainable parameters (weights, biases, scales; not running statistics). */
    default long params(List<List<Integer>> in) {
        return 0;
    }

    /** Multiply-accumulates for one sample (linear layers, convolutions and matmuls). */
    default long macs(List<List<Integer>> in, List<Integer> out) {
        return 0;
    }

    /** Whether the output shares the input's buffer (no new activation memory). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    default boolean isView() {
        return false;
    }

    /** The graph's input placeholder; its shape is the task's input shape. */
    record Input() implements Op {
        public int arity() {
            return 0;
        }

        public String name() {
            return "input";
        }

        public List<Integer> outputShape(List<List<Integer>> in) {
            throw new IllegalStateException("the input's shape comes from the task");
        }
    }

    /** A learnable tensor (position embeddings, class tokens, scales), shared across the batch. */
    record Param(List<Integer> shape, Init init) implements Op {
        /** Initial values. */
        public enum Init { ZEROS, ONES, NORMAL }

        public Param {
            shape = List.copyOf(shape);
            if (shape.isEmpty()) {
                throw new ShapeException("parameter", "needs at least one dimension");
            }
            for (int d : shape) {
                positive("parameter", "every dimension", d);
            }
        }

        public int arity() {
            return 0;
        }

        public String name() {
            return "parameter";
        }

        public List<Integer> outputShape(List<List<Integer>> in) {
            return shape;
        }

        public long params(List<List<Integer>> in) {
            return numel(shape);
        }
    }

    /** Fully connected layer over the last axis. */
    record Linear(int outFeatures, boolean bias) implements Op {
        public Linear {
            positive("linear", "output features", outFeatures);
        }

        public int arity() {
            return 1;
        }

        public String name() {
            return "linear";
        }

        public List<Integer> outputShape(List<List<Integer>> in) {
            List<Integer> x = in.get(0);
            if (x.isEmpty()) {
                throw new ShapeException("linear", "needs at least one feature axis, got " + show(x));
            }
            List<Integer> out = new ArrayList<>(x.subList(0, x.size() - 1));
            out.add(outFeatures);
            return out;
        }

        public long params(List<List<Integer>> in) {
            List<Integer> x = in.get(0);
            return (long) x.get(x.size() - 1) * outFeatures + (bias ? outFeatures : 0);
        }

        public long macs(List<List<Integer>> in, List<Integer> out) {
            List<Integer> x = in.get(0);
            return numel(out) * x.get(x.size() - 1);
        }
    }

    /**
     * Convolution with bias over {@code [C, L]} ({@code dims = 1}) or {@code [C, H, W]}
     * ({@code dims = 2}); {@code groups = C} makes it depthwise.
     */
    record Conv(int dims, int outChannels, int kernel, int stride, int padding, int dilation, int groups)
            implements Op {
        public Conv {
            String n = "conv" + dims + "d";
            if (dims != 1 && dims != 2) {
                throw new ShapeException("conv", "only 1-d and 2-d convolutions exist, got " + dims);
            }
            positive(n, "output channels", outChannels);
            positive(n, "kernel", kernel);
            positive(n, "stride", stride);
            nonNegative(n, "padding", padding);
            positive(n, "dilation", dilation);
            positive(n, "groups", groups);
        }

        public int arity() {
            return 1;
        }

        public String name() {
            return groups > 1 && groups == outChannels ? "depthwiseConv" + dims + "d" : "conv" + dims + "d";
        }

        public List<Integer> outputShape(List<List<Integer>> in) {
            List<Integer> x = rank(name(), in.get(0), dims + 1, dims == 2 ? "[B, C, H, W]" : "[B, C, L]");
            int c = x.get(0);
            if (c % groups != 0 || outChannels % groups != 0) {
                throw new ShapeException(name(), "groups " + groups + " must divide the input channels " + c
                        + " and the output channels " + outChannels);
            }
            List<Integer> out = new ArrayList<>();
            out.add(outChannels);
            for (int i = 1; i <= dims; i++) {
                out.add(Shapes.convOut(name(), x.get(i), kernel, stride, padding, dilation));
            }
            return out;
        }

        public long params(List<List<Integer>> in) {
            long k = dims == 2 ? (long) kernel * kernel : kernel;
            return (long) outChannels * (in.get(0).get(0) / groups) * k + outChannels;
        }

        public long macs(List<List<Integer>> in, List<Integer> out) {
            long k = dims == 2 ? (long) kernel * kernel : kernel;
            return numel(out) * (in.get(0).get(0) / groups) * k;
        }
    }

    /** Token embedding: integer ids {@code [T]} to vectors {@code [T, dim]}. */
    record Embedding(int vocab, int dim) implements Op {
        public Embedding {
            positive("embedding", "vocabulary size", vocab);
            positive("embedding", "dimension", dim);
        }

        public int arity() {
            return 1;
        }

        public String name() {
            return "embedding";
        }

        public List<Integer> outputShape(List<List<Integer>> in) {
            List<Integer> out = new ArrayList<>(in.get(0));
            out.add(dim);
            return out;
        }

        public long params(List<List<Integer>> in) {
            return (long) vocab * dim;
        }
    }

    /**
     * Normalisation: {@code BATCH} over axis 0 (channels, with running statistics), {@code LAYER}
     * and {@code RMS} over the last axis, {@code GROUP} over groups of axis-0 channels.
     */
    record Norm(Kind kind, int groups) implements Op {
        /** Normalisation flavour. */
        public enum Kind { BATCH, LAYER, GROUP, RMS }

        public Norm {
            if (kind == null) {
                throw new ShapeException("norm", "needs a kind");
            }
            positive(name(kind), "groups", groups);
        }

        public int arity() {
            return 1;
        }

        public String name() {
            return name(kind);
        }

        static String name(Kind k) {
            return k.name().toLowerCase(Locale.ROOT) + "Norm";
        }

        public List<Integer> outputShape(List<List<Integer>> in) {
            List<Integer> x = in.get(0);
            if (x.isEmpty()) {
                throw new ShapeException(name(), "needs at least one axis after the batch, got " + show(x));
            }
            if (kind == Kind.GROUP && (x.size() < 2 || x.get(0) % groups != 0)) {
                throw new ShapeException(name(), groups + " groups must divide the channels of " + show(x));
            }
            return x;
        }

        public long params(List<List<Integer>> in) {
            List<Integer> x = in.get(0);
            int n = kind == Kind.LAYER || kind == Kind.RMS ? x.get(x.size() - 1) : x.get(0);
            return kind == Kind.RMS ? n : 2L * n;
        }
    }

    /** Elementwise function of one tensor. */
    record Unary(Fn fn) implements Op {
        /** The functions; the first six are activations. */
        public enum Fn {
            RELU, GELU, SILU, SIGMOID, TANH, SOFTPLUS, NEG, ABS, SQUARE, SQRT, EXP, LOG;

            public boolean isActivation() {
                return ordinal() <= SOFTPLUS.ordinal();
            }
        }

        public Unary {
            if (fn == null) {
                throw new ShapeException("unary", "needs a function");
            }
        }

        public int arity() {
            return 1;
        }

        public String name() {
            return fn.name().toLowerCase(Locale.ROOT);
        }

        public List<Integer> outputShape(List<List<Integer>> in) {
            return in.get(0);
        }
    }

    /** Elementwise arithmetic with a constant: x+c, x*c, x-c, c-x, x/c, x^c. */
    record Scalar(Fn fn, double value) implements Op {
        /** The arithmetic. */
        public enum Fn { ADD, MUL, SUB, RSUB, DIV, POW }

        public Scalar {
            if (fn == null) {
                throw new ShapeException("scalar", "needs a function");
            }
            if (!Double.isFinite(value)) {
                throw new ShapeException(fn.name().toLowerCase(Locale.ROOT), "constant must be finite, got " + value);
            }
            if (fn == Fn.DIV && value == 0) {
                throw new ShapeException("div", "division by the constant 0");
            }
        }

        public int arity() {
            return 1;
        }

        public String name() {
            return fn.name().toLowerCase(Locale.ROOT);
        }

        public List<Integer> outputShape(List<List<Integer>> in) {
            return in.get(0);
        }
    }

    /** Elementwise function of two tensors, with numpy broadcasting (the batch broadcasts too). */
    record Binary(Fn fn) implements Op {
        /** The functions. */
        public enum Fn { ADD, SUB, MUL, DIV, MIN, MAX }

        public Binary {
            if (fn == null) {
                throw new ShapeException("binary", "needs a function");
            }
        }

        public int arity() {
            return 2;
        }

        public String name() {
            return fn.name().toLowerCase(Locale.ROOT);
        }

        public List<Integer> outputShape(List<List<Integer>> in) {
            return Shapes.broadcast(name(), in.get(0), in.get(1));
        }
    }

    /** Matrix product over the last two axes, broadcasting the leading ones: [.., M, K] x [.., K, N]. */
    record MatMul() implements Op {
        public int arity() {
            return 2;
        }

        public String name() {
            return "matmul";
        }

        public List<Integer> outputShape(List<List<Integer>> in) {
            List<Integer> a = in.get(0);
            List<Integer> b = in.get(1);
            if (a.size() < 2 || b.size() < 2) {
                throw new ShapeException("matmul", show(a) + " x " + show(b)
                        + ": both need two matrix axes after the batch");
            }
            int k1 = a.get(a.size() - 1);
            int k2 = b.get(b.size() - 2);
            if (k1 != k2) {
                throw new ShapeException("matmul", show(a) + " x " + show(b) + ": inner dimensions " + k1 + " and "
                        + k2 + " differ");
            }
            List<Integer> lead = Shapes.broadcast("matmul", a.subList(0, a.size() - 2), b.subList(0, b.size() - 2));
            List<Integer> out = new ArrayList<>(lead);
            out.add(a.get(a.size() - 2));
            out.add(b.get(b.size() - 1));
            return out;
        }

        public long macs(List<List<Integer>> in, List<Integer> out) {
            List<Integer> a = in.get(0);
            return numel(out) * a.get(a.size() - 1);
        }
    }

    /** Sum, mean or max over axes. */
    record Reduce(Fn fn, List<Integer> axes, boolean keepDims) implements Op {
        /** The reductions. */
        public enum Fn { SUM, MEAN, MAX }

        public Reduce {
            axes = List.copyOf(axes);
            if (fn == null || axes.isEmpty()) {
                throw new ShapeException("reduce", "needs a function and at least one axis");
            }
        }

        public int arity() {
            return 1;
        }

        public String name() {
            return fn.name().toLowerCase(Locale.ROOT);
        }

        public List<Integer> outputShape(List<List<Integer>> in) {
            List<Integer> x = in.get(0);
            Set<Integer> seen = new HashSet<>();
            for (int a : axes) {
                Shapes.axis(name(), a, x.size());
                if (!seen.add(a)) {
                    throw new ShapeException(name(), "axis " + (a + 1) + " is given twice");
                }
            }
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < x.size(); i++) {
                if (!axes.contains(i)) {
                    out.add(x.get(i));
                } else if (keepDims) {
                    out.add(1);
                }
            }
            return out;
        }
    }

    /** Softmax (or log-softmax) along an axis. */
    record Softmax(int axis, boolean log) implements Op {
        public int arity() {
            return 1;
        }

        public String name() {
            return log ? "logSoftmax" : "softmax";
        }

        public List<Integer> outputShape(List<List<Integer>> in) {
            Shapes.axis(name(), axis, in.get(0).size());
            return in.get(0);
        }
    }

    /** Cumulative sum along an axis (a linear scan). */
    record CumSum(int axis) implements Op {
        public int arity() {
            return 1;
        }

        public String name() {
            return "cumsum";
        }

        public List<Integer> outputShape(List<List<Integer>> in) {
            Shapes.axis(name(), axis, in.get(0).size());
            return in.get(0);
        }
    }

    /** A new shape with the same number of elements (after the batch). */
    record Reshape(List<Integer> shape) implements Op {
        public Reshape {
            shape = List.copyOf(shape);
            if (shape.isEmpty()) {
                throw new ShapeException("reshape", "needs at least one dimension after the batch");
            }
            for (int d : shape) {
                positive("reshape", "every dimension", d);
            }
        }

        public int arity() {
            return 1;
        }

        public String name() {
            return "reshape";
        }

        public List<Integer> outputShape(List<List<Integer>> in) {
            if (numel(in.get(0)) != numel(shape)) {
                throw new ShapeException("reshape", show(in.get(0)) + " has " + numel(in.get(0))
                        + " elements per sample, " + show(shape) + " has " + numel(shape));
            }
            return shape;
        }

        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isView() {
            return true;
        }
    }

    /** Reorders the axes after the batch. */
    record Permute(List<Integer> order) implements Op {
        public Permute {
            order = List.copyOf(order);
        }

        public int arity() {
            return 1;
        }

        public String name() {
            return "permute";
        }

        public List<Integer> outputShape(List<List<Integer>> in) {
            List<Integer> x = in.get(0);
            if (order.size() != x.size() || !new HashSet<>(order).equals(new HashSet<>(range(x.size())))) {
                throw new ShapeException("permute", "order " + order + " is not a permutation of the "
                        + x.size() + " axes after the batch of " + show(x));
            }
            List<Integer> out = new ArrayList<>();
            for (int a : order) {
                out.add(x.get(a));
            }
            return out;
        }

        private static List<Integer> range(int n) {
            List<Integer> r = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                r.add(i);
            }
            return r;
        }
    }

    /** Joins two or more tensors along an axis. */
    record Concat(int axis) implements Op {
        public int arity() {
            return VARIADIC;
        }

        public String name() {
            return "concat";
        }

        public List<Integer> outputShape(List<List<Integer>> in) {
            List<Integer> first = in.get(0);
            Shapes.axis("concat", axis, first.size());
            int total = 0;
            for (List<Integer> s : in) {
                if (s.size() != first.size()) {
                    throw new ShapeException("concat", show(first) + " and " + show(s) + " differ in rank");
                }
                for (int i = 0; i < s.size(); i++) {
                    if (i != axis && !s.get(i).equals(first.get(i))) {
                        throw new ShapeException("concat", show(first) + " and " + show(s) + " differ outside axis "
                                + (axis + 1));
                    }
                }
                total += s.get(axis);
            }
            List<Integer> out = new ArrayList<>(first);
            out.set(axis, total);
            return out;
        }
    }

    /** Elements {@code start} (inclusive) to {@code end} (exclusive) along an axis. */
    record Slice(int axis, int start, int end) implements Op {
        public int arity() {
            return 1;
        }

        public String name() {
            return "slice";
        }

        public List<Integer> outputShape(List<List<Integer>> in) {
            List<Integer> x = in.get(0);
            Shapes.axis("slice", axis, x.size());
            if (start < 0 || end > x.get(axis) || start >= end) {
                throw new ShapeException("slice", "range " + start + ":" + end + " is empty or outside 0:" + x.get(axis)
                        + " of axis " + (axis + 1) + " of " + show(x));
            }
            List<Integer> out = new ArrayList<>(x);
            out.set(axis, end - start);
            return out;
        }
    }

    /** Max or average pooling over a {@code [C, H, W]} feature map. */
    record Pool(Kind kind, int kernel, int stride, int padding) implements Op {
        /** Pooling flavour. */
        public enum Kind { MAX, AVG }

        public Pool {
            String n = kind == Kind.MAX ? "maxPool" : "avgPool";
            positive(n, "kernel", kernel);
            positive(n, "stride", stride);
            nonNegative(n, "padding", padding);
            if (padding * 2 > kernel) {
                throw new ShapeException(n, "padding " + padding + " is more than half the kernel " + kernel);
            }
        }

        public int arity() {
            return 1;
        }

        public String name() {
            return kind == Kind.MAX ? "maxPool" : "avgPool";
        }

        public List<Integer> outputShape(List<List<Integer>> in) {
            List<Integer> x = rank(name(), in.get(0), 3, "[B, C, H, W]");
            return List.of(x.get(0), Shapes.convOut(name(), x.get(1), kernel, stride, padding, 1),
                    Shapes.convOut(name(), x.get(2), kernel, stride, padding, 1));
        }
    }

    /** Mean or max over every axis after the channels: {@code [C, ...]} to {@code [C]}. */
    record GlobalPool(Pool.Kind kind) implements Op {
        public int arity() {
            return 1;
        }

        public String name() {
            return kind == Pool.Kind.MAX ? "globalMaxPool" : "globalAvgPool";
        }

        public List<Integer> outputShape(List<List<Integer>> in) {
            List<Integer> x = in.get(0);
            if (x.size() < 2) {
                throw new ShapeException(name(), "expects [B, C, ...] with spatial axes but got " + show(x));
            }
            return List.of(x.get(0));
        }
    }

    /** Nearest-neighbour upsampling of a {@code [C, H, W]} feature map by an integer factor. */
    record Upsample(int scale) implements Op {
        public Upsample {
            positive("upsample", "scale", scale);
        }

        public int arity() {
            return 1;
        }

        public String name() {
            return "upsample";
        }

        public List<Integer> outputShape(List<List<Integer>> in) {
            List<Integer> x = rank("upsample", in.get(0), 3, "[B, C, H, W]");
            return List.of(x.get(0), x.get(1) * scale, x.get(2) * scale);
        }
    }

    /** Cuts a {@code [C, H, W]} map into non-overlapping patches: {@code [H/p * W/p, C*p*p]}. */
    record Patchify(int patch) implements Op {
        public Patchify {
            positive("patchify", "patch size", patch);
        }

        public int arity() {
            return 1;
        }

        public String name() {
            return "patchify";
        }

        public List<Integer> outputShape(List<List<Integer>> in) {
            List<Integer> x = rank("patchify", in.get(0), 3, "[B, C, H, W]");
            if (x.get(1) % patch != 0 || x.get(2) % patch != 0) {
                throw new ShapeException("patchify", "patch size " + patch + " does not divide " + x.get(1) + "x"
                        + x.get(2));
            }
            return List.of((x.get(1) / patch) * (x.get(2) / patch), x.get(0) * patch * patch);
        }
    }

    /** Dropout while training; identity at inference. */
    record Dropout(double rate) implements Op {
        public Dropout {
            if (!(rate >= 0 && rate < 1)) {
                throw new ShapeException("dropout", "rate must be in [0, 1), got " + rate);
            }
        }

        public int arity() {
            return 1;
        }

        public String name() {
            return "dropout";
        }

        public List<Integer> outputShape(List<List<Integer>> in) {
            return in.get(0);
        }

        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isView() {
            return true;
        }
    }
}
