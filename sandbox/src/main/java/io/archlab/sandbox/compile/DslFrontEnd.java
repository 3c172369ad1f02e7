package io.archlab.sandbox.compile;

import io.archlab.sandbox.data.Task;
import io.archlab.sandbox.dsl.Architecture;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.ShapeException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * DSL source to IR: policy check and compilation, then tracing. Tracing runs the candidate's own
 * code, so it runs on a thread of its own under a time limit; a candidate still running past it
 * (an endless loop in {@code forward}) is stopped, not waited for. Candidate code found running
 * on any thread once the trace is over fails the trace ({@link CandidateThreads}).
 */
public final class DslFrontEnd {
    /** Longest the tracing of one candidate may take. */
    public static final int TRACE_LIMIT_SECONDS = 10;
    /** How long a stopped tracing thread may take to end. */
    static final long STOP_WAIT_MILLIS = 2000;

    private final DslCompiler compiler;

    public DslFrontEnd(DslCompiler compiler) {
        this.compiler = compiler;
    }

    /** Tracing went past its time limit, or candidate code outlived it. */
    public static final class TraceTimeoutException extends RuntimeException {
        TraceTimeoutException(String message) {
            super(message);
        }
    }

    /**
     * @throws PolicyException       when the source uses something the safety policy forbids
     * @throws CompileException      when javac rejects the source
     * @throws ShapeException        when the traced network's shapes do not fit
     * @throws TraceTimeoutException when building the IR takes longer than the limit, or candidate
     *                               code is still running once it is over
     * @throws OutOfMemoryError      when building the IR exhausts the heap
     */
    public Graph toIr(String source, Task task) throws CompileException, PolicyException {
        return trace(compile(source), task);
    }

    /**
     * The first half of {@link #toIr}: the source checked against the policy and compiled.
     *
     * @throws PolicyException  when the source uses something the safety policy forbids
     * @throws CompileException when javac rejects the source
     */
    public Class<? extends Architecture> compile(String source) throws CompileException, PolicyException {
        return compiler.compile(source);
    }

    /**
     * The second half of {@link #toIr}: the compiled candidate traced to its IR.
     *
     * @throws ShapeException        when the traced network's shapes do not fit
     * @throws TraceTimeoutException when building the IR takes longer than the limit, or candidate
     *                               code is still running once it is over
     * @throws OutOfMemoryError      when building the IR exhausts the heap
     */
    public Graph trace(Class<? extends Architecture> type, Task task) {
        return traceWithLimit(type, task, TRACE_LIMIT_SECONDS);
    }

    /**
     * Traces {@code type} on a thread of its own, stopped past {@code seconds}. Whatever the trace
     * gave, candidate code still running afterwards (on a thread it was handed to, or on the tracing
     * thread that did not stop) fails the trace: nothing of a candidate may outlive its limit.
     */
    static Graph traceWithLimit(Class<? extends Architecture> type, Task task, int seconds) {
        Graph graph;
        try {
            graph = traceOnThread(type, task, seconds);
        } catch (RuntimeException | Error e) {
            requireNothingRunning(type, e.getMessage() == null ? "" : e.getMessage() + "; ");
            throw e;
        }
        requireNothingRunning(type, "");
        return graph;
    }

    private static Graph traceOnThread(Class<? extends Architecture> type, Task task, int seconds) {
        FutureTask<Graph> job = new FutureTask<>(() -> Tracer.trace(type, task.inputShape(), task.numClasses(),
                task.vocab()));
        Thread t = new Thread(null, job, "archlab-trace", 64L << 20);
        t.setDaemon(true);
        t.start();
        try {
            return job.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            stop(t);
            throw new TraceTimeoutException("building the IR took longer than " + seconds
                    + " s (an endless loop in forward?)");
        } catch (InterruptedException e) {
            stop(t);
            Thread.currentThread().interrupt();
            throw new TraceTimeoutException("building the IR was interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof ShapeException se) {
                throw se;
            } else if (c instanceof Error err) {
                throw err;
            }
            // Not one of ours: its message may be the candidate's own code, which must not run on this thread.
            throw new ShapeException("forward", "failed: " + c.getClass().getName());
        }
    }

    /** Stops the tracing thread and waits a little for it to end; one that does not is found running candidate code. */
    @SuppressWarnings("removal")
    private static void stop(Thread t) {
        t.stop();   // the candidate's code cannot catch it: the policy forbids try/catch
        try {
            t.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void requireNothingRunning(Class<?> type, String before) {
        List<String> threads = CandidateThreads.running(type);
        if (!threads.isEmpty()) {
            throw new TraceTimeoutException(before + "candidate code went on running after building the IR, on thread(s) "
                    + String.join(", ", threads) + ": a candidate's code must end with forward, on its own thread");
        }
    }
}
