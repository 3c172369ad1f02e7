package io.archlab.sandbox.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.Node;
import io.archlab.sandbox.ir.Op;
import java.util.List;

/**
 * A DJL block that evaluates an IR {@link Graph}: one child block per node that carries weights,
 * the other ops computed directly on the arrays. Residual connections (two-input nodes) are why this
 * is a graph walk and not a {@code SequentialBlock}.
 */
public final class GraphBlock extends AbstractBlock {
    private final Graph graph;
    private final Block[] layers;

    public GraphBlock(Graph graph) {
        this.graph = graph;
        this.layers = new Block[graph.nodes().size()];
        for (Node n : graph.nodes()) {
            Block b = layerFor(n.op());
            if (b != null) {
                layers[n.id()] = addChildBlock(n.id() + "_" + opName(n.op()), b);
            }
        }
    }

    public Graph graph() {
        return graph;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray[] values = new NDArray[graph.nodes().size()];
        values[0] = inputs.singletonOrThrow();
        for (int i = 1; i < values.length; i++) {
            Node n = graph.node(i);
            NDArray x = values[n.inputs().get(0)];
            values[i] = compute(n, x, values, ps, training);
        }
        return new NDList(values[graph.output()]);
    }

    private NDArray compute(Node n, NDArray x, NDArray[] values, ParameterStore ps, boolean training) {
        Op op = n.op();
        if (layers[n.id()] != null) {
            return layers[n.id()].forward(ps, new NDList(x), training).singletonOrThrow();
        } else if (op instanceof Op.Activation a) {
            return activate(a.fn(), x);
        } else if (op instanceof Op.Pool p) {
            return pool(p, x);
        } else if (op instanceof Op.Flatten) {
            return x.reshape(x.getShape().get(0), -1);
        } else if (op instanceof Op.Add) {
            return x.add(values[n.inputs().get(1)]);
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
            if (layers[n.id()] != null) {
                List<Integer> in = graph.node(n.inputs().get(0)).shape();
                layers[n.id()].initialize(manager, dataType, withBatch(batch, in));
            }
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

    private static Shape withBatch(long batch, List<Integer> shape) {
        long[] dims = new long[shape.size() + 1];
        dims[0] = batch;
        for (int i = 0; i < shape.size(); i++) {
            dims[i + 1] = shape.get(i);
        }
        return new Shape(dims);
    }

    private static Block layerFor(Op op) {
        if (op instanceof Op.Conv2d c) {
            return Conv2d.builder()
                    .setFilters(c.outChannels())
                    .setKernelShape(new Shape(c.kernel(), c.kernel()))
                    .optStride(new Shape(c.stride(), c.stride()))
                    .optPadding(new Shape(c.padding(), c.padding()))
                    .build();
        } else if (op instanceof Op.Linear l) {
            return Linear.builder().setUnits(l.outFeatures()).build();
        } else if (op instanceof Op.BatchNorm) {
            return BatchNorm.builder().build();
        }
        return null;
    }

    private static NDArray activate(Op.Activation.Fn fn, NDArray x) {
        return switch (fn) {
            case RELU -> Activation.relu(x);
            case GELU -> Activation.gelu(x);
            case SILU -> Activation.swish(x, 1f);
            case TANH -> Activation.tanh(x);
            case SIGMOID -> Activation.sigmoid(x);
        };
    }

    private static NDArray pool(Op.Pool p, NDArray x) {
        Shape k = new Shape(p.kernel(), p.kernel());
        Shape s = new Shape(p.stride(), p.stride());
        Shape pad = new Shape(0, 0);
        return p.kind() == Op.Pool.Kind.MAX
                ? Pool.maxPool2d(x, k, s, pad, false)
                : Pool.avgPool2d(x, k, s, pad, false, true);
    }

    private static String opName(Op op) {
        return op.getClass().getSimpleName().toLowerCase();
    }
}
