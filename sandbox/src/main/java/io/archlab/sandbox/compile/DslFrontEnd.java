package io.archlab.sandbox.compile;

import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.ShapeException;
import io.archlab.sandbox.data.Task;

/** DSL source to IR: compile, then trace. */
public final class DslFrontEnd {
    private final DslCompiler compiler;

    public DslFrontEnd(DslCompiler compiler) {
        this.compiler = compiler;
    }

    /**
     * @throws CompileException when javac rejects the source
     * @throws ShapeException   when the traced network's shapes do not fit
     */
    public Graph toIr(String source, Task task) throws CompileException {
        return Tracer.trace(compiler.compile(source), task.inputShape(), task.numClasses(), task.vocab());
    }
}
