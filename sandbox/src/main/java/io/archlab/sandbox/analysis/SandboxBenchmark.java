package io.archlab.sandbox.analysis;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.archlab.sandbox.baselines.Baselines;
import io.archlab.sandbox.compile.DslCompiler;
import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.data.Task;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.model.GraphBlock;
import io.archlab.sandbox.train.TrialRequest;
import io.archlab.sandbox.train.TrialResult;
import io.archlab.sandbox.worker.LocalWorkerPool;
import io.archlab.sandbox.worker.WorkerSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures the sandbox: the per-trial overhead of worker trials (everything but training steps),
 * and training throughput as samples/s and as model-FLOP utilisation (achieved FLOP/s over the
 * dense float32 matmul FLOP/s measured in the same process).
 */
public final class SandboxBenchmark {
    /** The reference CNN of the stack notes: conv16-pool-conv32-pool-fc128. */
    public static final String REFERENCE_CNN = """
            import io.archlab.sandbox.dsl.*;
            public final class ReferenceCnn implements Architecture {
                public Tensor forward(Net n, Tensor x) {
                    Tensor h = n.conv2d(x, 16, 3).relu().maxPool(2);
                    h = n.conv2d(h, 32, 3).relu().maxPool(2);
                    return n.linear(n.linear(h.flatten(), 128).relu(), n.numClasses());
                }
            }
            """;
    /** A larger CNN: two conv pairs of 32 and 64 channels, fc256. */
    public static final String LARGER_CNN = """
            import io.archlab.sandbox.dsl.*;
            public final class LargerCnn implements Architecture {
                public Tensor forward(Net n, Tensor x) {
                    Tensor h = n.conv2d(n.conv2d(x, 32, 3).relu(), 32, 3).relu().maxPool(2);
                    h = n.conv2d(n.conv2d(h, 64, 3).relu(), 64, 3).relu().maxPool(2);
                    return n.linear(n.linear(h.flatten(), 256).relu(), n.numClasses());
                }
            }
            """;

    private SandboxBenchmark() {
    }

    /** Per-trial overhead in seconds: wall time of the trial seen by the coordinator minus its training steps. */
    public record Overhead(int trials, double medianSeconds, double p95Seconds, double medianWallSeconds) {
    }

    /** Throughput of one model at one batch size. */
    public record Throughput(String model, int batch, long macsPerSample, double samplesPerSecond,
            double achievedGflops, double matmulGflops, double mfu) {
    }

    public static Overhead overhead(List<String> launch, Path logDir, int trials) {
        WorkerSpec spec = new WorkerSpec("fashion-mnist", "subset", false, 0, 0, 0.1,
                Math.max(1, Runtime.getRuntime().availableProcessors()));
        double[] over = new double[trials];
        double[] wall = new double[trials];
        try (LocalWorkerPool pool = new LocalWorkerPool(launch, spec, LocalWorkerPool.Limits.defaults(), logDir)) {
            String src = Baselines.get("Mlp").source();
            pool.run(request(src, -1));   // warm-up: first compile, first engine use
            for (int i = 0; i < trials; i++) {
                long t = System.nanoTime();
                TrialResult r = pool.run(request(src, i));
                double w = (System.nanoTime() - t) / 1e9;
                if (!r.succeeded()) {
                    throw new IllegalStateException("benchmark trial failed: " + r.outcome());
                }
                wall[i] = w;
                over[i] = w - r.metrics().stepSeconds();
            }
        }
        Arrays.sort(over);
        Arrays.sort(wall);
        return new Overhead(trials, over[trials / 2], over[(int) Math.ceil(0.95 * trials) - 1], wall[trials / 2]);
    }

    private static TrialRequest request(String src, int i) {
        return new TrialRequest("bench-" + i, src, 1, TrialRequest.Compute.steps(20, 60), new Budgets(1_000_000, 0, 0),
                64, TrialRequest.Optim.adamW(1e-3f), null);
    }

    /** Dense float32 matmul FLOP/s (n x n, median of repeats), in GFLOP/s. */
    public static double matmulGflops(int n, int repeats) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            double[] t = new double[repeats];
            for (int i = -2; i < repeats; i++) {
                long s = System.nanoTime();
                try (NDManager r = m.newSubManager()) {
                    NDArray c = a.matMul(b);
                    c.attach(r);
                    c.getFloat(0, 0);
                }
                if (i >= 0) {
                    t[i] = (System.nanoTime() - s) / 1e9;
                }
            }
            Arrays.sort(t);
            return 2.0 * n * n * n / t[repeats / 2] / 1e9;
        }
    }

    /**
     * Training throughput of the reference and the larger CNN at each batch size: {@code steps}
     * timed steps on random Fashion-MNIST-shaped data after 5 warm-up steps. Training FLOPs per
     * sample are counted as 3 x 2 x MACs (forward, and a backward pass of twice its cost).
     */
    public static List<Throughput> throughput(int[] batches, int steps) throws Exception {
        double peak = matmulGflops(1024, 20);
        DslFrontEnd fe = new DslFrontEnd(new DslCompiler());
        List<Throughput> out = new ArrayList<>();
        for (String[] model : new String[][] {{"reference CNN", REFERENCE_CNN}, {"larger CNN", LARGER_CNN}}) {
            Graph g = fe.toIr(model[1], Task.FASHION_MNIST);
            for (int batch : batches) {
                double sps = samplesPerSecond(g, batch, steps);
                double achieved = sps * 6.0 * g.macs() / 1e9;
                out.add(new Throughput(model[0], batch, g.macs(), sps, achieved, peak, achieved / peak));
            }
        }
        return out;
    }

    private static double samplesPerSecond(Graph g, int batch, int steps) {
        Engine.getInstance().setRandomSeed(1);
        try (Model model = Model.newInstance("bench", Device.cpu(), "PyTorch")) {
            model.setBlock(new GraphBlock(g));
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adamW().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
            try (Trainer trainer = model.newTrainer(cfg)) {
                NDManager m = trainer.getManager();
                NDArray x = m.randomNormal(new Shape(batch, 1, 28, 28));
                NDArray y = m.randomInteger(0, 10, new Shape(batch), DataType.INT64).toType(DataType.FLOAT32, false);
                trainer.initialize(x.getShape());
                long start = 0;
                for (int i = -5; i < steps; i++) {
                    if (i == 0) {
                        start = System.nanoTime();
                    }
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray loss = trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x)));
                        gc.backward(loss);
                        loss.getFloat();
                    }
                    trainer.step();
                }
                return (double) steps * batch / ((System.nanoTime() - start) / 1e9);
            }
        }
    }
}
