package io.archlab.sandbox.compile;

import io.archlab.sandbox.dsl.Architecture;
import io.archlab.sandbox.dsl.Net;
import io.archlab.sandbox.dsl.Tensor;
import io.archlab.sandbox.ir.BoundedText;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.GraphBuilder;
import io.archlab.sandbox.ir.ShapeException;
import java.lang.reflect.InvocationTargetException;
import java.util.List;

/**
 * Runs a candidate's {@code forward} over symbolic tensors and returns the IR it describes. Whatever
 * the candidate's code throws ends here as a {@link ShapeException} whose text was taken on this
 * thread and bounded: its exception never travels further.
 */
public final class Tracer {
    /** The longest exception message of a candidate's kept. */
    static final int MAX_CANDIDATE_MESSAGE_CHARS = 1_000;

    private Tracer() {
    }

    /**
     * Traces {@code type} for a task with the given input shape (without batch) and class count.
     *
     * @throws ShapeException when the candidate's tensors do not fit, or its code fails
     */
    public static Graph trace(Class<? extends Architecture> type, List<Integer> inputShape, int numClasses,
            int vocab) {
        Architecture arch;
        try {
            arch = type.getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new ShapeException("constructor of " + type.getSimpleName() + " failed: " + describe(e.getCause()));
        } catch (ExceptionInInitializerError e) {
            throw new ShapeException("initialising " + type.getSimpleName() + " failed: " + describe(e.getCause()));
        } catch (ReflectiveOperationException e) {
            throw new ShapeException(type.getSimpleName() + " needs a public no-argument constructor");
        }
        GraphBuilder builder = new GraphBuilder(inputShape, numClasses, vocab);
        Net net = new Net(builder);
        Tensor out;
        try {
            out = arch.forward(net, net.input());
        } catch (ShapeException e) {
            throw located(type, e, e.op() == null ? "forward" : e.op(), e.detail());
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            throw located(type, e, "forward", "failed: " + describe(e));
        }
        if (out == null) {
            throw new ShapeException("forward", "returned null instead of the class scores");
        }
        try {
            return builder.build(out.id());
        } catch (ShapeException e) {
            throw new ShapeException(e.op(), e.detail() + " (the tensor returned by forward)");
        }
    }

    /**
     * {@code java.lang.IllegalStateException: message}, with the message bounded; the cause instead
     * of an error that only wraps one (a nested class's failed initialisation).
     */
    private static String describe(Throwable e) {
        if (e instanceof ExceptionInInitializerError && e.getCause() != null) {
            return e.getClass().getName() + ": " + describe(e.getCause());
        }
        String m = e.getMessage();
        return e.getClass().getName() + (m == null ? "" : ": " + BoundedText.of(m, MAX_CANDIDATE_MESSAGE_CHARS));
    }

    /** {@code op at File.java:line: detail}, with the candidate's own frame that raised {@code e}. */
    private static ShapeException located(Class<?> type, Throwable e, String op, String detail) {
        for (StackTraceElement f : e.getStackTrace()) {
            String c = f.getClassName();
            if ((c.equals(type.getName()) || c.startsWith(type.getName() + "$")) && f.getLineNumber() > 0) {
                return new ShapeException(op + " at " + type.getSimpleName() + ".java:" + f.getLineNumber(), detail);
            }
        }
        return new ShapeException(op, detail);
    }
}
