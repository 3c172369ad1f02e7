package io.archlab.sandbox.compile;

import io.archlab.sandbox.data.Task;
import io.archlab.sandbox.dsl.Architecture;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.ShapeException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * DSL source to IR: policy check and compilation, then tracing. Tracing runs the candidate's own
 * code, so it runs on a thread of its own under a time limit; a candidate still running past it
 * (an endless loop in {@code forward}) is stopped, not waited for.
 */
public final class DslFrontEnd {
    /** Longest the tracing of one candidate may take. */
    public static final int TRACE_LIMIT_SECONDS = 10;

    private final DslCompiler compiler;

    public DslFrontEnd(DslCompiler compiler) {
        this.compiler = compiler;
    }

    /** Tracing went past its time limit. */
    public static final class TraceTimeoutException extends RuntimeException {
        TraceTimeoutException(String message) {
            super(message);
        }
    }

    /**
     * @throws PolicyException       when the source uses something the safety policy forbids
     * @throws CompileException      when javac rejects the source
     * @throws ShapeException        when the traced network's shapes do not fit
     * @throws TraceTimeoutException when building the IR takes longer than the limit
     * @throws OutOfMemoryError      when building the IR exhausts the heap
     */
    public Graph toIr(String source, Task task) throws CompileException, PolicyException {
        Class<? extends Architecture> type = compiler.compile(source);
        return traceWithLimit(type, task, TRACE_LIMIT_SECONDS);
    }

    @SuppressWarnings("removal")
    static Graph traceWithLimit(Class<? extends Architecture> type, Task task, int seconds) {
        FutureTask<Graph> job = new FutureTask<>(() -> Tracer.trace(type, task.inputShape(), task.numClasses(),
                task.vocab()));
        Thread t = new Thread(null, job, "archlab-trace", 64L << 20);
        t.setDaemon(true);
        t.start();
        try {
            return job.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            t.stop();   // the candidate's code cannot catch it: the policy forbids try/catch
            throw new TraceTimeoutException("building the IR took longer than " + seconds
                    + " s (an endless loop in forward?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TraceTimeoutException("building the IR was interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            } else if (c instanceof Error err) {
                throw err;
            }
            throw new ShapeException("forward", "failed: " + c);
        }
    }
}
