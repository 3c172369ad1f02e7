package io.archlab.sandbox.train;

import io.archlab.sandbox.analysis.Analysis;
import io.archlab.sandbox.analysis.StaticAnalyzer;
import io.archlab.sandbox.compile.CompileException;
import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.compile.PolicyException;
import io.archlab.sandbox.data.Task;
import io.archlab.sandbox.dsl.Architecture;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.IrJson;
import io.archlab.sandbox.ir.ShapeException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The checks every trial passes before training, whatever evaluates it afterwards: safety policy,
 * compilation, tracing, refusal of a duplicate IR, and the parameter, MAC, memory and training-memory
 * budgets. A failure is a typed {@link TrialResult}, never an exception.
 */
public final class TrialChecks {
    /** Candidates whose estimated training memory exceeds this are refused before training. */
    public static final long MAX_TRAINING_BYTES = 6L << 30;

    private TrialChecks() {
    }

    /**
     * What the checks gave: the candidate's IR when it passed them, else the failed trial.
     *
     * @param graph   the IR, or null when the checks failed before tracing
     * @param failure the failed trial, or null when every check passed
     */
    public record Checked(Graph graph, TrialResult failure) {
        public boolean passed() {
            return failure == null;
        }
    }

    /** Runs the checks of {@code req} for {@code task}; {@code start} is the trial's start ({@link System#nanoTime()}). */
    public static Checked run(DslFrontEnd frontEnd, Task task, TrialRequest req, long start) {
        return run(frontEnd, task, req, start, stage -> { });
    }

    /** As {@link #run(DslFrontEnd, Task, TrialRequest, long)}, telling {@code progress} each stage as it begins. */
    public static Checked run(DslFrontEnd frontEnd, Task task, TrialRequest req, long start,
            Consumer<Stage> progress) {
        Graph graph;
        try {
            progress.accept(Stage.COMPILE);
            Class<? extends Architecture> type = frontEnd.compile(req.source());
            progress.accept(Stage.TRACE);
            graph = frontEnd.trace(type, task);
        } catch (PolicyException e) {
            return new Checked(null, failed(FailureKind.POLICY_VIOLATION, Stage.POLICY, e.getMessage(), null, start));
        } catch (CompileException e) {
            return new Checked(null, failed(FailureKind.COMPILE_ERROR, Stage.COMPILE, e.getMessage(), null, start));
        } catch (ShapeException e) {
            return new Checked(null, failed(FailureKind.SHAPE_ERROR, Stage.TRACE, e.getMessage(), null, start));
        } catch (DslFrontEnd.TraceTimeoutException e) {
            return new Checked(null, failed(FailureKind.TIMEOUT, Stage.TRACE, e.getMessage(), null, start));
        } catch (OutOfMemoryError e) {
            return new Checked(null, failed(FailureKind.OUT_OF_MEMORY, Stage.TRACE, "building the IR ran out of memory",
                    null, start));
        }
        if (!req.refuseIrHashes().isEmpty()) {
            String hash = IrJson.hash(graph);
            if (req.refuseIrHashes().contains(hash)) {
                return new Checked(graph, failed(FailureKind.DUPLICATE, Stage.TRACE, "the same network (IR hash "
                        + hash.substring(0, 12) + ") was tried before: refused without training", graph, start));
            }
        }
        Analysis analysis = StaticAnalyzer.analyze(graph, req.batchSize());
        String over = req.budgets().violation(analysis);
        if (over == null && analysis.trainingBytes() > MAX_TRAINING_BYTES) {
            over = String.format("training at batch %d would need about %,d MB, more than the %,d MB this runner allows",
                    req.batchSize(), analysis.trainingBytes() >> 20, MAX_TRAINING_BYTES >> 20);
        }
        if (over != null) {
            return new Checked(graph, failed(FailureKind.OVER_BUDGET, Stage.BUDGET, over, graph, start));
        }
        return new Checked(graph, null);
    }

    /** A failed trial result. */
    public static TrialResult failed(FailureKind kind, Stage stage, String message, Graph graph, long start) {
        return new TrialResult(new Outcome.Failed(kind, stage, message), graph, null, List.of(), since(start));
    }

    /** Seconds since {@code start} ({@link System#nanoTime()}). */
    public static double since(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
