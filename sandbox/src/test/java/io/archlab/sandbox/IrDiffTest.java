package io.archlab.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.sandbox.compile.DslCompiler;
import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.data.Task;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.IrDiff;
import io.archlab.sandbox.ir.IrJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Structural diffs and the canonical hash. */
class IrDiffTest {
    static final DslFrontEnd FRONT_END = new DslFrontEnd(new DslCompiler());

    static Graph ir(String body) throws Exception {
        return FRONT_END.toIr("import io.archlab.sandbox.dsl.*;\npublic final class P implements Architecture {\n"
                + "  public Tensor forward(Net n, Tensor x) {\n" + body + "\n  }\n}\n", Task.FASHION_MNIST);
    }

    @Test
    void should_hash_alike_whatever_the_variable_names_and_branch_order() throws Exception {
        Graph a = ir("Tensor left = n.conv2d(x, 8, 3); Tensor right = n.conv2d(x, 8, 1);"
                + " return n.linear(left.add(right).globalAvgPool(), 10);");
        Graph b = ir("Tensor q = n.conv2d(x, 8, 1); Tensor p = n.conv2d(x, 8, 3); Tensor unused = q.relu();"
                + " return n.linear(p.add(q).globalAvgPool(), 10);");
        assertEquals(IrJson.hash(a), IrJson.hash(b));
        assertEquals(List.of(), IrDiff.diff(a, b));
        Graph swapped = ir("Tensor p = n.conv2d(x, 8, 3); Tensor q = n.conv2d(x, 8, 1);"
                + " return n.linear(q.add(p).globalAvgPool(), 10);");
        assertTrue(!IrJson.hash(a).equals(IrJson.hash(swapped)), "operand order is part of the graph");
    }

    @Test
    void should_report_changed_added_and_removed_ops() throws Exception {
        Graph parent = ir("Tensor h = n.conv2d(x, 16, 3).batchNorm().relu().maxPool(2);"
                + " return n.linear(h.flatten(), 10);");
        Graph child = ir("Tensor h = n.conv2d(x, 24, 3).batchNorm().gelu().maxPool(2);"
                + " h = h.add(n.conv2d(h, 24, 3).batchNorm().relu());"
                + " return n.linear(h.globalAvgPool(), 10);");
        List<IrDiff.Change> d = IrDiff.diff(parent, child);
        String summary = IrDiff.summary(d);
        assertTrue(summary.contains("conv2d(dims=2, outChannels=16, kernel=3, stride=1, padding=1, dilation=1, groups=1)"
                + " -> conv2d(dims=2, outChannels=24"), summary);
        assertTrue(summary.contains("relu(fn=RELU) -> gelu(fn=GELU)"), summary);
        assertTrue(summary.contains("added (") && summary.contains("add(fn=ADD)"), summary);
        assertTrue(d.stream().anyMatch(c -> c.kind() == IrDiff.Kind.CHANGED && c.before().startsWith("reshape")
                && c.after().startsWith("globalAvgPool")) || d.stream().anyMatch(c -> c.kind() == IrDiff.Kind.REMOVED
                && c.before().startsWith("reshape")), summary);
    }
}
