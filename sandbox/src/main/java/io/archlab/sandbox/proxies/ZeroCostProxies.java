package io.archlab.sandbox.proxies;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.model.GraphBlock;
import io.archlab.sandbox.model.Tensors;

/**
 * Computes the zero-cost proxies of a candidate's IR: its DJL model is built and initialised with a
 * fixed seed (so the scores are a function of the IR, the mini-batch and the seed), then
 * <ol>
 * <li>synflow on |θ| with an all-ones input ({@link Synflow}), before anything touches the weights;</li>
 * <li>one forward pass on the mini-batch in training mode, as a training step does it: its
 * cross-entropy gives the gradient norm, and its ReLU codes the NASWOT kernel ({@link Naswot}).</li>
 * </ol>
 * The IR holds no user code, so this is safe in any process. The random seed and the gradient
 * collector of DJL's PyTorch engine are process-wide, so computations are serialised, and must not
 * overlap training in the same process.
 *
 * <p>The work per candidate is small (one mini-batch), so a process that only computes proxies is
 * best started with one intra-op thread ({@link #useOneEngineThread()}): on 2 shared cores two
 * OpenMP threads spent more time waiting for each other than computing (bench proxies: 1.26 s
 * against 0.087 s per candidate, the same population and load).
 */
public final class ZeroCostProxies {
    private static final Object ENGINE = new Object();
    private static final Loss LOSS = Loss.softmaxCrossEntropyLoss();

    private final MiniBatch batch;
    private final long seed;

    /**
     * @param batch the mini-batch every candidate is scored on
     * @param seed  seeds the initialisation of every candidate's weights
     */
    public ZeroCostProxies(MiniBatch batch, long seed) {
        this.batch = java.util.Objects.requireNonNull(batch, "batch");
        this.seed = seed;
    }

    /**
     * Asks DJL for one intra-op thread (and one inter-op thread), unless the user set a number:
     * effective only before the engine is first used in this process.
     */
    public static void useOneEngineThread() {
        for (String key : new String[] {"ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads"}) {
            if (System.getProperty(key) == null && System.getenv(key) == null) {
                System.setProperty(key, "1");
            }
        }
    }

    public MiniBatch batch() {
        return batch;
    }

    /**
     * The proxies of {@code graph}.
     *
     * @throws IllegalArgumentException when the graph was built for another input shape than the batch's
     */
    public ProxyScores score(Graph graph) {
        if (!graph.inputShape().equals(batch.samples().sampleShape())) {
            throw new IllegalArgumentException("the network takes inputs of shape " + graph.inputShape()
                    + " but the mini-batch holds samples of shape " + batch.samples().sampleShape());
        }
        long start = System.nanoTime();
        int b = batch.size();
        synchronized (ENGINE) {
            Engine.getInstance().setRandomSeed((int) seed);
            try (Model model = Model.newInstance("proxies", Device.cpu(), "PyTorch");
                    NDManager m = model.getNDManager().newSubManager()) {
                GraphBlock block = new GraphBlock(graph);
                model.setBlock(block);
                block.initialize(model.getNDManager(), DataType.FLOAT32, GraphBlock.withBatch(b, graph.inputShape()));
                double synflow = Synflow.score(block, graph, m);
                NDArray x = Tensors.inputs(m, batch.samples());
                NDArray y = Tensors.labels(m, batch.samples());
                NDArray[] values;
                try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                    values = block.evaluate(new ParameterStore(m, false), x, true);
                    gc.backward(LOSS.evaluate(new NDList(y), new NDList(values[graph.output()])));
                }
                double gradNorm = gradientNorm(block);
                Naswot.Kernel k = Naswot.kernel(graph, values, b);
                return new ProxyScores(synflow, k.score(), gradNorm, graph.params(), k.units(),
                        (System.nanoTime() - start) / 1e9);
            }
        }
    }

    /** Σ over trainable parameter tensors of the L2 norm of their gradient. */
    private static double gradientNorm(GraphBlock block) {
        double total = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                NDArray g = p.getValue().getArray().getGradient();
                total += Math.sqrt(g.toType(DataType.FLOAT64, false).square().sum().getDouble());
            }
        }
        return total;
    }
}
