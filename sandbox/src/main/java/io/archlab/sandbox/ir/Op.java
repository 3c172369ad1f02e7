package io.archlab.sandbox.ir;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One operation of the IR. Every op knows its output shape and its trainable parameter count from
 * the shapes of its inputs, so a whole graph is measured before a single training step.
 *
 * <p>Shapes never include the batch dimension: {@code [C, H, W]} for feature maps, {@code [F]} for
 * feature vectors.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Op.Input.class, name = "input"),
    @JsonSubTypes.Type(value = Op.Conv2d.class, name = "conv2d"),
    @JsonSubTypes.Type(value = Op.Linear.class, name = "linear"),
    @JsonSubTypes.Type(value = Op.BatchNorm.class, name = "batch_norm"),
    @JsonSubTypes.Type(value = Op.Activation.class, name = "activation"),
    @JsonSubTypes.Type(value = Op.Pool.class, name = "pool"),
    @JsonSubTypes.Type(value = Op.Flatten.class, name = "flatten"),
    @JsonSubTypes.Type(value = Op.Add.class, name = "add")
})
public sealed interface Op {

    /** Number of input tensors the op takes. */
    int arity();

    /** Output shape for the given input shapes; throws {@link ShapeException} when they do not fit. */
    List<Integer> outputShape(List<List<Integer>> inputs);

    /** Trainable parameters (weights and biases, not running statistics). */
    default long params(List<List<Integer>> inputs) {
        return 0;
    }

    /** The graph's input placeholder; its shape is the task's input shape. */
    record Input() implements Op {
        @Override
        public int arity() {
            return 0;
        }

        @Override
        public List<Integer> outputShape(List<List<Integer>> inputs) {
            throw new IllegalStateException("the input's shape comes from the task");
        }
    }

    /** 2-D convolution with bias over a {@code [C, H, W]} feature map. */
    record Conv2d(int outChannels, int kernel, int stride, int padding) implements Op {
        public Conv2d {
            Shapes.requirePositive("conv2d out channels", outChannels);
            Shapes.requirePositive("conv2d kernel", kernel);
            Shapes.requirePositive("conv2d stride", stride);
            if (padding < 0) {
                throw new ShapeException("conv2d padding must be >= 0, got " + padding);
            }
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public List<Integer> outputShape(List<List<Integer>> inputs) {
            List<Integer> in = Shapes.requireRank("conv2d", inputs.get(0), 3);
            int h = Shapes.convOut("conv2d", in.get(1), kernel, stride, padding);
            int w = Shapes.convOut("conv2d", in.get(2), kernel, stride, padding);
            return List.of(outChannels, h, w);
        }

        @Override
        public long params(List<List<Integer>> inputs) {
            long in = inputs.get(0).get(0);
            return in * outChannels * kernel * kernel + outChannels;
        }
    }

    /** Fully connected layer with bias over a {@code [F]} feature vector. */
    record Linear(int outFeatures) implements Op {
        public Linear {
            Shapes.requirePositive("linear out features", outFeatures);
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public List<Integer> outputShape(List<List<Integer>> inputs) {
            List<Integer> in = inputs.get(0);
            if (in.size() != 1) {
                throw new ShapeException("linear expects a [features] tensor but got " + Shapes.show(in)
                        + "; call flatten() first");
            }
            return List.of(outFeatures);
        }

        @Override
        public long params(List<List<Integer>> inputs) {
            return (long) inputs.get(0).get(0) * outFeatures + outFeatures;
        }
    }

    /** Batch normalisation over the channel (or feature) axis: a scale and a shift per channel. */
    record BatchNorm() implements Op {
        @Override
        public int arity() {
            return 1;
        }

        @Override
        public List<Integer> outputShape(List<List<Integer>> inputs) {
            return inputs.get(0);
        }

        @Override
        public long params(List<List<Integer>> inputs) {
            return 2L * inputs.get(0).get(0);
        }
    }

    /** Elementwise nonlinearity. */
    record Activation(Fn fn) implements Op {
        /** The supported functions. */
        public enum Fn { RELU, GELU, SILU, TANH, SIGMOID }

        public Activation {
            if (fn == null) {
                throw new ShapeException("activation needs a function");
            }
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public List<Integer> outputShape(List<List<Integer>> inputs) {
            return inputs.get(0);
        }
    }

    /** Max or average pooling over a {@code [C, H, W]} feature map, without padding. */
    record Pool(Kind kind, int kernel, int stride) implements Op {
        /** Pooling flavour. */
        public enum Kind { MAX, AVG }

        public Pool {
            Shapes.requirePositive("pool kernel", kernel);
            Shapes.requirePositive("pool stride", stride);
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public List<Integer> outputShape(List<List<Integer>> inputs) {
            List<Integer> in = Shapes.requireRank(kind.name().toLowerCase() + "Pool", inputs.get(0), 3);
            int h = Shapes.convOut("pool", in.get(1), kernel, stride, 0);
            int w = Shapes.convOut("pool", in.get(2), kernel, stride, 0);
            return List.of(in.get(0), h, w);
        }
    }

    /** Flattens a feature map to a feature vector. */
    record Flatten() implements Op {
        @Override
        public int arity() {
            return 1;
        }

        @Override
        public List<Integer> outputShape(List<List<Integer>> inputs) {
            long n = 1;
            for (int d : inputs.get(0)) {
                n *= d;
            }
            if (n > Integer.MAX_VALUE) {
                throw new ShapeException("flatten of " + Shapes.show(inputs.get(0)) + " is too large");
            }
            return List.of((int) n);
        }
    }

    /** Elementwise sum of two tensors of the same shape: a residual connection. */
    record Add() implements Op {
        @Override
        public int arity() {
            return 2;
        }

        @Override
        public List<Integer> outputShape(List<List<Integer>> inputs) {
            if (!inputs.get(0).equals(inputs.get(1))) {
                throw new ShapeException("add needs equal shapes but got " + Shapes.show(inputs.get(0))
                        + " and " + Shapes.show(inputs.get(1)));
            }
            return inputs.get(0);
        }
    }
}
