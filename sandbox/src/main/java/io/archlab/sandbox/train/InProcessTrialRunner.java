package io.archlab.sandbox.train;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.archlab.sandbox.analysis.Analysis;
import io.archlab.sandbox.analysis.StaticAnalyzer;
import io.archlab.sandbox.compile.CompileException;
import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.compile.PolicyException;
import io.archlab.sandbox.data.Splits;
import io.archlab.sandbox.data.Task;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.ShapeException;
import io.archlab.sandbox.model.Tensors;
import java.io.IOException;
import java.util.List;

/**
 * Runs trials in this JVM, one at a time: compile, trace to IR, check the parameter budget, train
 * with DJL, measure. The training and validation arrays are loaded once and shared by all trials;
 * the test split is never given to it.
 */
public final class InProcessTrialRunner implements TrialRunner {
    /** Candidates whose estimated training memory exceeds this are refused before training. */
    public static final long MAX_TRAINING_BYTES = 6L << 30;

    private final DslFrontEnd frontEnd;
    private final Task task;
    private final NDManager manager;
    private final ModelTrainer trainer;

    public InProcessTrialRunner(DslFrontEnd frontEnd, Task task, Splits splits) {
        this.frontEnd = frontEnd;
        this.task = task;
        this.manager = NDManager.newBaseManager();
        NDArray trainX = Tensors.inputs(manager, splits.train());
        NDArray trainY = Tensors.labels(manager, splits.train());
        NDArray valX = Tensors.inputs(manager, splits.validation());
        NDArray valY = Tensors.labels(manager, splits.validation());
        this.trainer = new ModelTrainer(manager, trainX, trainY, valX, valY);
    }

    @Override
    public TrialResult run(TrialRequest req) {
        long start = System.nanoTime();
        Graph graph;
        try {
            graph = frontEnd.toIr(req.source(), task);
        } catch (PolicyException e) {
            return failed(FailureKind.POLICY_VIOLATION, Stage.POLICY, e.getMessage(), null, start);
        } catch (CompileException e) {
            return failed(FailureKind.COMPILE_ERROR, Stage.COMPILE, e.getMessage(), null, start);
        } catch (ShapeException e) {
            return failed(FailureKind.SHAPE_ERROR, Stage.TRACE, e.getMessage(), null, start);
        } catch (DslFrontEnd.TraceTimeoutException e) {
            return failed(FailureKind.TIMEOUT, Stage.TRACE, e.getMessage(), null, start);
        } catch (OutOfMemoryError e) {
            return failed(FailureKind.OUT_OF_MEMORY, Stage.TRACE, "building the IR ran out of memory", null, start);
        }
        if (!req.refuseIrHashes().isEmpty()) {
            String hash = io.archlab.sandbox.ir.IrJson.hash(graph);
            if (req.refuseIrHashes().contains(hash)) {
                return failed(FailureKind.DUPLICATE, Stage.TRACE, "the same network (IR hash " + hash.substring(0, 12)
                        + ") was tried before: refused without training", graph, start);
            }
        }
        Analysis analysis = StaticAnalyzer.analyze(graph, req.batchSize());
        String over = req.budgets().violation(analysis);
        if (over == null && analysis.trainingBytes() > MAX_TRAINING_BYTES) {
            over = String.format("training at batch %d would need about %,d MB, more than the %,d MB this runner allows",
                    req.batchSize(), analysis.trainingBytes() >> 20, MAX_TRAINING_BYTES >> 20);
        }
        if (over != null) {
            return failed(FailureKind.OVER_BUDGET, Stage.BUDGET, over, graph, start);
        }
        if (req.checkOnly()) {
            return new TrialResult(new Outcome.Succeeded(), graph, null, List.of(), since(start));
        }
        try {
            ModelTrainer.Trained t;
            synchronized (trainer) {   // one training at a time in a process; checks may run meanwhile
                t = trainer.train(graph, req);
            }
            return new TrialResult(new Outcome.Succeeded(), graph, t.metrics(), t.curve(), since(start));
        } catch (DivergedException e) {
            return failed(FailureKind.DIVERGED, Stage.TRAIN, e.getMessage(), graph, start);
        } catch (OutOfMemoryError e) {
            return failed(FailureKind.OUT_OF_MEMORY, Stage.TRAIN, "out of memory: " + e.getMessage(), graph, start);
        } catch (EngineException | IllegalArgumentException | IllegalStateException | IOException e) {
            return failed(FailureKind.CRASHED, Stage.TRAIN, e.getClass().getSimpleName() + ": " + e.getMessage(),
                    graph, start);
        }
    }

    @Override
    public void close() {
        manager.close();
    }

    private static TrialResult failed(FailureKind kind, Stage stage, String message, Graph graph, long start) {
        return new TrialResult(new Outcome.Failed(kind, stage, message), graph, null, List.of(), since(start));
    }

    private static double since(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
