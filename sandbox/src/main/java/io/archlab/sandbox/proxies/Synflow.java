package io.archlab.sandbox.proxies;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.model.GraphBlock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Synflow (Tanaka et al., 2020): every parameter replaced by its absolute value, an all-ones input
 * of batch 1, {@code R = Σ output}, score {@code Σ|θ ⊙ ∂R/∂θ|} over the trainable parameters. The
 * block's own parameters are left untouched: the forward pass reads float64 copies of |θ| through a
 * substituting parameter store (float32 overflows: R grows with the product of the layers' |W|
 * sums). Inference mode, so batch norm applies its initial running statistics and dropout is off,
 * and the score does not depend on any data.
 */
final class Synflow {
    private Synflow() {
    }

    static double score(GraphBlock block, Graph graph, NDManager m) {
        Map<String, NDArray> abs = new HashMap<>();
        List<NDArray> trainable = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter param = p.getValue();
            NDArray a = param.getArray().toType(DataType.FLOAT64, true).abs();
            a.attach(m);
            if (param.requiresGradient()) {
                a.setRequiresGradient(true);
                trainable.add(a);
            }
            abs.put(param.getId(), a);
        }
        NDArray ones = m.ones(GraphBlock.withBatch(1, graph.inputShape()), DataType.FLOAT64);
        try (GradientCollector gc = m.getEngine().newGradientCollector()) {
            NDArray r = block.forward(new Substituted(m, abs), new NDList(ones), false).singletonOrThrow().sum();
            gc.backward(r);
        }
        double total = 0;
        for (NDArray a : trainable) {
            total += a.mul(a.getGradient()).abs().sum().getDouble();
        }
        return total;
    }

    /** A parameter store that hands out substitutes for the block's parameters. */
    private static final class Substituted extends ParameterStore {
        private final Map<String, NDArray> values;

        Substituted(NDManager manager, Map<String, NDArray> values) {
            super(manager, false);
            this.values = values;
        }

        @Override
        public NDArray getValue(Parameter parameter, Device device, boolean training) {
            if (parameter == null) {
                return null;
            }
            NDArray v = values.get(parameter.getId());
            if (v == null) {
                throw new IllegalStateException("no substitute for parameter " + parameter.getName());
            }
            return v;
        }
    }
}
