package io.archlab.sandbox.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.Node;
import io.archlab.sandbox.ir.Op;
import java.util.List;

/**
 * A DJL block that evaluates an IR {@link Graph}. Ops with weights become child blocks (DJL's
 * linear, convolution and batch-norm blocks; archlab's own for other norms, embeddings and
 * learnable tensors); the others are computed directly on the arrays. Every array carries the batch
 * as axis 0 (size 1 for learnable tensors, which broadcast), so IR axis {@code a} is array axis
 * {@code a + 1}.
 */
public final class GraphBlock extends AbstractBlock {
    private final Graph graph;
    private final Block[] layers;

    public GraphBlock(Graph graph) {
        this.graph = graph;
        this.layers = new Block[graph.nodes().size()];
        for (Node n : graph.nodes()) {
            Block b = layerFor(n, graph);
            if (b != null) {
                layers[n.id()] = addChildBlock(n.id() + "_" + n.op().name(), b);
            }
        }
    }

    public Graph graph() {
        return graph;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(evaluate(ps, inputs.singletonOrThrow(), training)[graph.output()]);
    }

    /**
     * Every value of the graph for {@code input}, indexed by node id. The forward pass itself keeps
     * only the output; this is how activations are read (e.g. by the zero-cost proxies, which take
     * the ReLU codes of NASWOT from it), without any cost to ordinary training.
     */
    public NDArray[] evaluate(ParameterStore ps, NDArray input, boolean training) {
        NDArray[] values = new NDArray[graph.nodes().size()];
        values[0] = input;
        for (int i = 1; i < values.length; i++) {
            values[i] = compute(graph.node(i), values, ps, training);
        }
        return values;
    }

    /** Shapes of every value of the graph for {@code input} (inference mode): a check of shape inference. */
    public List<Shape> valueShapes(ParameterStore ps, NDArray input) {
        return java.util.Arrays.stream(evaluate(ps, input, false)).map(NDArray::getShape).toList();
    }

    private NDArray compute(Node n, NDArray[] v, ParameterStore ps, boolean training) {
        Op op = n.op();
        NDArray x = n.inputs().isEmpty() ? null : v[n.inputs().get(0)];
        if (op instanceof Op.Param) {
            return layers[n.id()].forward(ps, new NDList(), training).singletonOrThrow();
        } else if (op instanceof Op.Embedding) {
            NDArray table = layers[n.id()].forward(ps, new NDList(), training).singletonOrThrow();
            return table.get(x.toType(DataType.INT64, false));
        } else if (layers[n.id()] != null) {
            return layers[n.id()].forward(ps, new NDList(x), training).singletonOrThrow();
        } else if (op instanceof Op.Unary u) {
            return unary(u.fn(), x);
        } else if (op instanceof Op.Scalar s) {
            return scalar(s, x);
        } else if (op instanceof Op.Binary b) {
            NDArray y = v[n.inputs().get(1)];
            int rank = n.shape().size();
            return binary(b.fn(), align(x, rank), align(y, rank));
        } else if (op instanceof Op.MatMul) {
            NDArray y = v[n.inputs().get(1)];
            int rank = n.shape().size();
            return align(x, rank).matMul(align(y, rank));
        } else if (op instanceof Op.Reduce r) {
            return reduce(r.fn(), x, r.axes().stream().mapToInt(a -> a + 1).toArray(), r.keepDims());
        } else if (op instanceof Op.Softmax s) {
            return s.log() ? x.logSoftmax(s.axis() + 1) : x.softmax(s.axis() + 1);
        } else if (op instanceof Op.CumSum c) {
            return x.cumSum(c.axis() + 1);
        } else if (op instanceof Op.Reshape) {
            return x.reshape(withBatch(x.getShape().get(0), n.shape()));
        } else if (op instanceof Op.Permute p) {
            int[] order = new int[p.order().size() + 1];
            for (int i = 0; i < p.order().size(); i++) {
                order[i + 1] = p.order().get(i) + 1;
            }
            return x.transpose(order);
        } else if (op instanceof Op.Concat c) {
            long batch = 1;
            for (int in : n.inputs()) {
                batch = Math.max(batch, v[in].getShape().get(0));
            }
            NDList parts = new NDList();
            for (int in : n.inputs()) {
                NDArray a = v[in];
                parts.add(a.getShape().get(0) == batch ? a
                        : a.broadcast(withBatch(batch, graph.node(in).shape())));
            }
            return NDArrays.concat(parts, c.axis() + 1);
        } else if (op instanceof Op.Slice s) {
            return x.get(new NDIndex(":, ".repeat(s.axis() + 1) + s.start() + ":" + s.end()));
        } else if (op instanceof Op.Pool p) {
            Shape k = new Shape(p.kernel(), p.kernel());
            Shape st = new Shape(p.stride(), p.stride());
            Shape pad = new Shape(p.padding(), p.padding());
            return p.kind() == Op.Pool.Kind.MAX ? Pool.maxPool2d(x, k, st, pad, false)
                    : Pool.avgPool2d(x, k, st, pad, false, false);
        } else if (op instanceof Op.GlobalPool g) {
            int[] axes = new int[x.getShape().dimension() - 2];
            for (int i = 0; i < axes.length; i++) {
                axes[i] = i + 2;
            }
            return reduce(g.kind() == Op.Pool.Kind.MAX ? Op.Reduce.Fn.MAX : Op.Reduce.Fn.MEAN, x, axes, false);
        } else if (op instanceof Op.Upsample u) {
            return x.repeat(2, u.scale()).repeat(3, u.scale());
        } else if (op instanceof Op.Patchify p) {
            Shape s = x.getShape();
            long b = s.get(0);
            long c = s.get(1);
            int q = p.patch();
            return x.reshape(b, c, s.get(2) / q, q, s.get(3) / q, q).transpose(0, 2, 4, 1, 3, 5)
                    .reshape(b, (s.get(2) / q) * (s.get(3) / q), c * q * q);
        } else if (op instanceof Op.Dropout d) {
            return d.rate() == 0 ? x : Dropout.dropout(x, (float) d.rate(), training).singletonOrThrow();
        }
        throw new IllegalStateException("no DJL form for " + op);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), graph.numClasses())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        for (Node n : graph.nodes()) {
            Block layer = layers[n.id()];
            if (layer == null) {
                continue;
            }
            Shape in = n.inputs().isEmpty() || n.op() instanceof Op.Embedding ? new Shape(1)
                    : withBatch(batch, graph.node(n.inputs().get(0)).shape());
            layer.initialize(manager, dataType, in);
        }
    }

    /** Trainable parameters of the built (initialised) block, as DJL counts them. */
    public static long trainableParameters(Block block) {
        long total = 0;
        for (var p : block.getParameters().values()) {
            if (p.requiresGradient()) {
                total += p.getArray().size();
            }
        }
        return total;
    }

    /** {@code x} with size-1 axes inserted after the batch up to {@code rank} axes after it. */
    private static NDArray align(NDArray x, int rank) {
        Shape s = x.getShape();
        int missing = rank - (s.dimension() - 1);
        if (missing <= 0) {
            return x;
        }
        long[] dims = new long[rank + 1];
        dims[0] = s.get(0);
        for (int i = 1; i <= missing; i++) {
            dims[i] = 1;
        }
        for (int i = 1; i < s.dimension(); i++) {
            dims[missing + i] = s.get(i);
        }
        return x.reshape(new Shape(dims));
    }

    /** A DJL shape: {@code batch} followed by an IR shape. */
    public static Shape withBatch(long batch, List<Integer> shape) {
        long[] dims = new long[shape.size() + 1];
        dims[0] = batch;
        for (int i = 0; i < shape.size(); i++) {
            dims[i + 1] = shape.get(i);
        }
        return new Shape(dims);
    }

    private static Block layerFor(Node n, Graph g) {
        Op op = n.op();
        if (op instanceof Op.Linear l) {
            return Linear.builder().setUnits(l.outFeatures()).optBias(l.bias()).build();
        } else if (op instanceof Op.Conv c) {
            if (c.dims() == 2) {
                return Conv2d.builder().setFilters(c.outChannels()).setKernelShape(new Shape(c.kernel(), c.kernel()))
                        .optStride(new Shape(c.stride(), c.stride())).optPadding(new Shape(c.padding(), c.padding()))
                        .optDilation(new Shape(c.dilation(), c.dilation())).optGroups(c.groups()).build();
            }
            return Conv1d.builder().setFilters(c.outChannels()).setKernelShape(new Shape(c.kernel()))
                    .optStride(new Shape(c.stride())).optPadding(new Shape(c.padding()))
                    .optDilation(new Shape(c.dilation())).optGroups(c.groups()).build();
        } else if (op instanceof Op.Norm nm) {
            List<Integer> in = g.node(n.inputs().get(0)).shape();
            if (nm.kind() == Op.Norm.Kind.BATCH) {
                return BatchNorm.builder().build();
            }
            int features = nm.kind() == Op.Norm.Kind.GROUP ? in.get(0) : in.get(in.size() - 1);
            return new NormBlock(nm.kind(), nm.groups(), features);
        } else if (op instanceof Op.Embedding e) {
            return TensorBlock.normal(new Shape(e.vocab(), e.dim()));
        } else if (op instanceof Op.Param p) {
            Shape s = withBatch(1, p.shape());
            return switch (p.init()) {
                case NORMAL -> TensorBlock.normal(s);
                case ONES -> new TensorBlock(s, Initializer.ONES);
                case ZEROS -> new TensorBlock(s, Initializer.ZEROS);
            };
        }
        return null;
    }

    /** A reduction over several axes, one axis at a time from the last (PyTorch's max takes one axis). */
    private static NDArray reduce(Op.Reduce.Fn fn, NDArray x, int[] axes, boolean keep) {
        int[] sorted = axes.clone();
        java.util.Arrays.sort(sorted);
        NDArray y = x;
        for (int i = sorted.length - 1; i >= 0; i--) {
            int[] a = {sorted[i]};
            y = switch (fn) {
                case SUM -> y.sum(a, keep);
                case MEAN -> y.mean(a, keep);
                case MAX -> y.max(a, keep);
            };
        }
        return y;
    }

    private static NDArray unary(Op.Unary.Fn fn, NDArray x) {
        return switch (fn) {
            case RELU -> Activation.relu(x);
            case GELU -> Activation.gelu(x);
            case SILU -> Activation.swish(x, 1f);
            case SIGMOID -> Activation.sigmoid(x);
            case TANH -> Activation.tanh(x);
            case SOFTPLUS -> Activation.softPlus(x);
            case NEG -> x.neg();
            case ABS -> x.abs();
            case SQUARE -> x.square();
            case SQRT -> x.sqrt();
            case EXP -> x.exp();
            case LOG -> x.log();
        };
    }

    private static NDArray scalar(Op.Scalar s, NDArray x) {
        float c = (float) s.value();
        return switch (s.fn()) {
            case ADD -> x.add(c);
            case MUL -> x.mul(c);
            case SUB -> x.sub(c);
            case RSUB -> x.neg().add(c);
            case DIV -> x.div(c);
            case POW -> x.pow(c);
        };
    }

    private static NDArray binary(Op.Binary.Fn fn, NDArray a, NDArray b) {
        return switch (fn) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case MIN -> a.minimum(b);
            case MAX -> a.maximum(b);
        };
    }
}
