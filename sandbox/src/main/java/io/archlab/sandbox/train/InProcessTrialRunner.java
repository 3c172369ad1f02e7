package io.archlab.sandbox.train;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.data.Splits;
import io.archlab.sandbox.data.Task;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.model.Tensors;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs trials in this JVM, one at a time: compile, trace to IR, check the parameter budget, train
 * with DJL, measure. The training and validation arrays are loaded once and shared by all trials;
 * the test split is never given to it. A request whose recipe crops or flips inputs that are not
 * images {@code (C, H, W)} is refused before training ({@link FailureKind#SHAPE_ERROR} at
 * {@link Stage#BUILD}), never trained without them.
 */
public final class InProcessTrialRunner implements TrialRunner {
    /** Candidates whose estimated training memory exceeds this are refused before training. */
    public static final long MAX_TRAINING_BYTES = TrialChecks.MAX_TRAINING_BYTES;

    private final DslFrontEnd frontEnd;
    private final Task task;
    private final NDManager manager;
    private final ModelTrainer trainer;
    private final Consumer<Stage> progress;

    public InProcessTrialRunner(DslFrontEnd frontEnd, Task task, Splits splits) {
        this(frontEnd, task, splits, stage -> { });
    }

    /** @param progress told each stage of a trial as it begins (compile, trace, train) */
    public InProcessTrialRunner(DslFrontEnd frontEnd, Task task, Splits splits, Consumer<Stage> progress) {
        this.frontEnd = frontEnd;
        this.task = task;
        this.progress = progress;
        this.manager = NDManager.newBaseManager();
        NDArray trainX = Tensors.inputs(manager, splits.train());
        NDArray trainY = Tensors.labels(manager, splits.train());
        NDArray valX = Tensors.inputs(manager, splits.validation());
        NDArray valY = Tensors.labels(manager, splits.validation());
        this.trainer = new ModelTrainer(manager, trainX, trainY, valX, valY);
    }

    @Override
    public TrialResult run(TrialRequest req) {
        return run(req, RungGate.NONE);
    }

    /**
     * Runs {@code req}, asking {@code gate} at each rung on this thread: a trial it stops ends as
     * {@link FailureKind#PRUNED} with the rung's metrics and curve (its weights are written as usual).
     * A gate that throws ends the trial as any fault in training does; wrap it with
     * {@link RungGate#tolerant} to have the trial train on instead.
     */
    @Override
    public TrialResult run(TrialRequest req, RungGate gate) {
        long start = System.nanoTime();
        TrialChecks.Checked checked = TrialChecks.run(frontEnd, task, req, start, progress);
        if (!checked.passed()) {
            return checked.failure();
        }
        Graph graph = checked.graph();
        String refused = Augmentation.refusal(req.recipe(), graph.inputShape(), graph.vocab());
        if (refused != null) {
            return failed(FailureKind.SHAPE_ERROR, Stage.BUILD, refused, graph, start);
        }
        if (req.checkOnly()) {
            return new TrialResult(new Outcome.Succeeded(), graph, null, List.of(), since(start));
        }
        progress.accept(Stage.TRAIN);
        try {
            ModelTrainer.Trained t;
            synchronized (trainer) {   // one training at a time in a process; checks may run meanwhile
                t = trainer.train(graph, req, gate);
            }
            return new TrialResult(t.outcome(req.compute().capSeconds()), graph, t.metrics(), t.curve(), since(start));
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
        return TrialChecks.failed(kind, stage, message, graph, start);
    }

    private static double since(long start) {
        return TrialChecks.since(start);
    }
}
