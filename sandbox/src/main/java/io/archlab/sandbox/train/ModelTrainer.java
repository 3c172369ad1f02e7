package io.archlab.sandbox.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.model.Accuracy;
import io.archlab.sandbox.model.GraphBlock;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains one IR graph with DJL's Trainer for exactly the request's number of optimiser steps and
 * measures validation accuracy at every epoch end and after the last step. The request's time is a
 * safety cap: training that reaches it first stops there and says so ({@link Trained#capped}). All
 * native memory of the trial lives in scoped managers that are closed when it ends.
 */
final class ModelTrainer {
    private final NDManager data;
    private final NDArray trainX;
    private final NDArray trainY;
    private final NDArray valX;
    private final NDArray valY;

    ModelTrainer(NDManager data, NDArray trainX, NDArray trainY, NDArray valX, NDArray valY) {
        this.data = data;
        this.trainX = trainX;
        this.trainY = trainY;
        this.valX = valX;
        this.valY = valY;
    }

    /**
     * Result of a training: its metrics and curve.
     *
     * @param capped whether the safety cap on time stopped it before its step budget was done
     * @param budget the step budget it was given
     */
    record Trained(Metrics metrics, List<EpochPoint> curve, boolean capped, long budget) {
    }

    Trained train(Graph graph, TrialRequest req) throws IOException {
        Engine.getInstance().setRandomSeed((int) req.seed());
        long n = trainX.getShape().get(0);
        int batch = (int) Math.min(req.batchSize(), n);
        try (NDManager trialManager = data.newSubManager();
                Model model = Model.newInstance("candidate-" + req.trialId(), Device.cpu(), "PyTorch")) {
            GraphBlock block = new GraphBlock(graph);
            model.setBlock(block);
            TrialRequest.Optim o = req.optim();
            long total = req.compute().total(n / batch);
            var adamW = Optimizer.adamW()
                    .optLearningRateTracker(new Schedule(o.learningRate(), o.warmupSteps(), total, 0.05f))
                    .optWeightDecays(o.weightDecay());
            if (o.clipGrad() > 0) {
                adamW.optClipGrad(o.clipGrad());
            }
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(adamW.build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(GraphBlock.withBatch(batch, graph.inputShape()));
                long built = GraphBlock.trainableParameters(block);
                Trained t = loop(trainer, block, req, n, batch, total, built, trialManager);
                if (req.weightsOut() != null) {
                    Files.createDirectories(req.weightsOut().toAbsolutePath().getParent());
                    try (OutputStream os = Files.newOutputStream(req.weightsOut());
                            DataOutputStream out = new DataOutputStream(os)) {
                        block.saveParameters(out);
                    }
                }
                return t;
            }
        }
    }

    private Trained loop(Trainer trainer, GraphBlock block, TrialRequest req, long n, int batch, long total,
            long built, NDManager trialManager) {
        long start = System.nanoTime();
        long deadline = start + (long) (req.compute().capSeconds() * 1e9);
        Random order = new Random(req.seed());
        List<EpochPoint> curve = new ArrayList<>();
        long steps = 0;
        long stepNanos = 0;
        double lossSum = 0;
        long lossCount = 0;
        long stepsPerEpoch = n / batch;
        boolean outOfTime = false;
        while (steps < total && !outOfTime) {
            long[] perm = permutation(n, order);
            for (long b = 0; b < stepsPerEpoch && steps < total; b++) {
                long stepStart = System.nanoTime();
                try (NDManager bm = trialManager.newSubManager()) {
                    long[] idx = new long[batch];
                    System.arraycopy(perm, (int) (b * batch), idx, 0, batch);
                    NDArray index = bm.create(idx);
                    NDArray x = trainX.get(index);
                    x.attach(bm);
                    NDArray y = trainY.get(index);
                    y.attach(bm);
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray pred = trainer.forward(new NDList(x)).singletonOrThrow();
                        NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(pred));
                        gc.backward(loss);
                        float l = loss.getFloat();
                        if (!Float.isFinite(l)) {
                            throw new DivergedException("training loss became " + l + " at step " + (steps + 1));
                        }
                        lossSum += l;
                        lossCount++;
                    }
                    trainer.step();
                    steps++;
                }
                stepNanos += System.nanoTime() - stepStart;
                if (steps < total && System.nanoTime() >= deadline) {
                    outOfTime = true;
                    break;
                }
            }
            double epochs = (double) steps * batch / n;
            Accuracy.Score val = Accuracy.score(block, trialManager, valX, valY);
            curve.add(new EpochPoint(epochs, lossSum / Math.max(1, lossCount), val.loss(), val.accuracy(),
                    (System.nanoTime() - start) / 1e9, steps));
            lossSum = 0;
            lossCount = 0;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        EpochPoint last = curve.get(curve.size() - 1);
        double stepSeconds = stepNanos / 1e9;
        Metrics m = new Metrics(last.valAccuracy(), last.trainLoss(), last.epoch(), steps, seconds, stepSeconds,
                steps * batch / Math.max(1e-9, stepSeconds), built, latencyMs(block, trialManager), ProcStatus.peakResidentBytesOfSelf());
        return new Trained(m, curve, outOfTime, total);
    }

    /** Median inference time of one sample, over 21 runs after 3 warm-up runs. */
    private double latencyMs(GraphBlock block, NDManager manager) {
        try (NDManager m = manager.newSubManager()) {
            NDArray one = trainX.get(new ai.djl.ndarray.index.NDIndex("0:1"));
            one.attach(m);
            ai.djl.training.ParameterStore ps = new ai.djl.training.ParameterStore(m, false);
            double[] t = new double[21];
            for (int i = -3; i < t.length; i++) {
                long s0 = System.nanoTime();
                try (NDManager r = m.newSubManager()) {
                    NDArray out = block.forward(ps, new NDList(one), false).singletonOrThrow();
                    out.attach(r);
                    out.toFloatArray();
                }
                if (i >= 0) {
                    t[i] = (System.nanoTime() - s0) / 1e6;
                }
            }
            java.util.Arrays.sort(t);
            return t[t.length / 2];
        }
    }

    private static long[] permutation(long n, Random r) {
        long[] p = new long[(int) n];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        for (int i = p.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            long t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
