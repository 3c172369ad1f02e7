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
 * measures validation accuracy at every epoch end, at every rung of its compute and after the last
 * step. At a rung it asks a {@link RungGate} whether to go on: a trial the gate stops ends there and
 * says why ({@link Trained#pruned}). The request's time is a safety cap: training that reaches it
 * first stops there and says so ({@link Trained#capped}); time spent waiting for the gate is not
 * training and does not count against it. All native memory of the trial lives in scoped managers
 * that are closed when it ends.
 *
 * <p>The request's {@link TrialRequest.Recipe} changes the training batches only, never validation:
 * each image of a batch is padded with {@code cropPadding} pixels of zeros and cropped back to its size
 * at a random offset, and mirrored left to right with probability 1/2 with {@code horizontalFlip}
 * ({@link Augmentation}); with {@code labelSmoothing} the loss is taken against smoothed targets
 * ({@link SmoothedCrossEntropy}), so the curve's training loss is the smoothed one while validation loss
 * and accuracy stay those of the plain labels. Augmentation draws from the request's seed, so the same
 * request trains the same way. Crop and flip need image inputs: {@link InProcessTrialRunner} refuses a
 * request asking for them on any other input before training.
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
     * @param pruned why the rung gate stopped it at its last curve point, or null when it did not
     */
    record Trained(Metrics metrics, List<EpochPoint> curve, boolean capped, long budget, String pruned) {
        /** How the training ended: pruned at a rung, capped by {@code capSeconds}, or done. */
        Outcome outcome(double capSeconds) {
            if (pruned != null) {
                return new Outcome.Failed(FailureKind.PRUNED, Stage.TRAIN, pruned);
            }
            if (capped) {
                return new Outcome.Failed(FailureKind.CAPPED, Stage.TRAIN, String.format(java.util.Locale.ROOT,
                        "the %.0f s safety cap stopped training after %,d of its %,d steps: not comparable with "
                                + "fully trained candidates", capSeconds, metrics.steps(), budget));
            }
            return new Outcome.Succeeded();
        }
    }

    /** Trains {@code graph} as {@code req} says, asking {@code gate} at each rung ({@link RungGate#NONE}: go on). */
    Trained train(Graph graph, TrialRequest req, RungGate gate) throws IOException {
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
            float eps = req.recipe().labelSmoothing();
            Loss loss = eps > 0 ? new SmoothedCrossEntropy(eps) : Loss.softmaxCrossEntropyLoss();
            DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                    .optOptimizer(adamW.build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(GraphBlock.withBatch(batch, graph.inputShape()));
                long built = GraphBlock.trainableParameters(block);
                Trained t = loop(trainer, block, req, gate, n, batch, total, built, trialManager);
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

    private Trained loop(Trainer trainer, GraphBlock block, TrialRequest req, RungGate gate, long n, int batch,
            long total, long built, NDManager trialManager) {
        long start = System.nanoTime();
        long capNanos = (long) (req.compute().capSeconds() * 1e9);
        long gateNanos = 0;   // waiting for the gate is not training: off the clock
        List<Long> rungs = req.compute().rungs();
        int rung = 0;
        Random order = new Random(req.seed());
        Augmentation augment = Augmentation.of(req.recipe(), req.seed());
        List<EpochPoint> curve = new ArrayList<>();
        long steps = 0;
        long stepNanos = 0;
        double lossSum = 0;
        long lossCount = 0;
        long stepsPerEpoch = n / batch;
        boolean outOfTime = false;
        String pruned = null;
        while (steps < total && !outOfTime && pruned == null) {
            long[] perm = permutation(n, order);
            for (long b = 0; b < stepsPerEpoch && steps < total && !outOfTime && pruned == null; b++) {
                long stepStart = System.nanoTime();
                try (NDManager bm = trialManager.newSubManager()) {
                    long[] idx = new long[batch];
                    System.arraycopy(perm, (int) (b * batch), idx, 0, batch);
                    NDArray index = bm.create(idx);
                    NDArray x = trainX.get(index);
                    x.attach(bm);
                    x = augment.apply(x, bm);
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
                outOfTime = steps < total && System.nanoTime() - gateNanos - start >= capNanos;
                boolean atRung = rung < rungs.size() && steps == rungs.get(rung) && steps < total;
                if (atRung || outOfTime || b + 1 == stepsPerEpoch || steps == total) {
                    Accuracy.Score val = Accuracy.score(block, trialManager, valX, valY);
                    curve.add(new EpochPoint((double) steps * batch / n, lossSum / Math.max(1, lossCount), val.loss(),
                            val.accuracy(), (System.nanoTime() - gateNanos - start) / 1e9, steps));
                    lossSum = 0;
                    lossCount = 0;
                }
                if (atRung) {
                    long asked = System.nanoTime();
                    pruned = gate.check(rung++, steps, curve.get(curve.size() - 1).valAccuracy());
                    gateNanos += System.nanoTime() - asked;
                }
            }
        }
        double seconds = (System.nanoTime() - gateNanos - start) / 1e9;
        EpochPoint last = curve.get(curve.size() - 1);
        double stepSeconds = stepNanos / 1e9;
        Metrics m = new Metrics(last.valAccuracy(), last.trainLoss(), last.epoch(), steps, seconds, stepSeconds,
                steps * batch / Math.max(1e-9, stepSeconds), built, latencyMs(block, trialManager), ProcStatus.peakResidentBytesOfSelf());
        return new Trained(m, curve, outOfTime && pruned == null, total, pruned);
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
