package io.archlab.sandbox;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.sandbox.compile.CompileException;
import io.archlab.sandbox.compile.DslCompiler;
import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.compile.Tracer;
import io.archlab.sandbox.dsl.Architecture;
import java.util.List;
import org.junit.jupiter.api.Test;
import io.archlab.sandbox.data.Task;
import io.archlab.sandbox.ir.IrJson;
import io.archlab.sandbox.ir.ShapeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Malformed DSL programs, each with the located message it must produce. The body of each program
 * is its line 4 (after the import, the class and the method line), so every shape error names
 * {@code Bad.java:4}.
 */
class MalformedProgramsTest {
    static DslFrontEnd frontEnd;

    @BeforeAll
    static void compiler() {
        frontEnd = new DslFrontEnd(new DslCompiler());
    }

    static String program(String body) {
        return "import io.archlab.sandbox.dsl.*;\npublic final class Bad implements Architecture {\n"
                + "  public Tensor forward(Net n, Tensor x) {\n    " + body + "\n  }\n"
                + "  static Tensor seq(Net n, Tensor x) { return n.linear(n.embedding(x, 8).mean(1), 4); }\n"
                + "  static Tensor kept;\n}\n";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // wrong shapes
        "return n.linear(x.flatten(), 10).add(n.linear(x.flatten(), 5));   | add at Bad.java:4: [B, 10] and [B, 5] do not broadcast",
        "Tensor t = n.linear(x.flatten(), 32).reshape(4, 8); return n.linear(t.matmul(t), 10).sum(1); | matmul at Bad.java:4: [B, 4, 8] x [B, 4, 8]: inner dimensions 8 and 4 differ",
        "return n.linear(x.reshape(7, 100).flatten(), 10);                 | reshape at Bad.java:4: [B, 1, 28, 28] has 784 elements per sample, [B, 7, 100] has 700",
        "return n.concat(1, x, x.maxPool(2)).flatten().sum(1).reshape(1);  | concat at Bad.java:4: [B, 1, 28, 28] and [B, 1, 14, 14] differ outside axis 1",
        "return n.linear(n.conv2d(x, 8, 29, 1, 0).flatten(), 10);          | conv2d at Bad.java:4: kernel 29 does not fit a size of 28 with padding 0",
        "return n.linear(x.maxPool(30).flatten(), 10);                     | maxPool at Bad.java:4: kernel 30 does not fit a size of 28",
        "return n.linear(x.patchify(5).flatten(), 10);                     | patchify at Bad.java:4: patch size 5 does not divide 28x28",
        "return n.linear(x.flatten(), 10).add(n.parameter(3, 10));         | output: must be [B, 10] class scores but is [B, 3, 10]",
        "return n.linear(x, 10);                                           | output: must be [B, 10] class scores but is [B, 1, 28, 10]",
        "return n.linear(x.flatten(), 10).slice(1, 4, 20);                 | slice at Bad.java:4: range 4:20 is empty or outside 0:10",
        "return n.linear(n.conv2d(x, 8, 3, 1, 1, 1, 3).flatten(), 10);     | conv2d at Bad.java:4: groups 3 must divide the input channels 1",
        "return n.linear(x.flatten().groupNorm(3), 10);                    | groupNorm at Bad.java:4: 3 groups must divide the channels of [B, 784]",
        "return n.linear(x.flatten().split(1, 400, 300).get(0), 10);       | split at Bad.java:4: sizes [400, 300] do not add up to 784",
        // wrong ranks
        "return n.linear(n.conv2d(x.flatten(), 8, 3).flatten(), 10);       | conv2d at Bad.java:4: expects a [B, C, H, W] tensor but got [B, 784]",
        "return n.linear(n.conv1d(x, 8, 3).flatten(), 10);                 | conv1d at Bad.java:4: expects a [B, C, L] tensor but got [B, 1, 28, 28]",
        "return n.linear(x.flatten().maxPool(2), 10);                      | maxPool at Bad.java:4: expects a [B, C, H, W] tensor but got [B, 784]",
        "return n.linear(x.flatten().globalAvgPool(), 10);                 | globalAvgPool at Bad.java:4: expects [B, C, ...] with spatial axes but got [B, 784]",
        "return n.linear(x.flatten().flattenSpatial(), 10);                | flattenSpatial at Bad.java:4: expects [B, C, H, W] but got [B, 784]",
        "return n.linear(x.flatten().upsample(2), 10);                     | upsample at Bad.java:4: expects a [B, C, H, W] tensor but got [B, 784]",
        // bad axes
        "return n.linear(x.flatten(), 10).softmax(2);                      | softmax at Bad.java:4: axis 2 is out of range for [B, 10]",
        "return n.linear(x.flatten(), 10).softmax(0);                      | softmax at Bad.java:4: axis 0 is the batch axis",
        "return n.linear(x.mean(0).flatten(), 10);                         | mean at Bad.java:4: axis 0 is the batch axis",
        "return n.linear(x.transpose(1, 4).flatten(), 10);                 | transpose at Bad.java:4: axis 4 is out of range for [B, 1, 28, 28]",
        "return n.linear(x.permute(1, 0, 2, 3).flatten(), 10);             | permute at Bad.java:4: the batch axis 0 must stay first",
        "return n.linear(x.permute(0, 1, 1, 2).flatten(), 10);             | permute at Bad.java:4: order [0, 0, 1] is not a permutation",
        "return n.linear(x.flatten().sum(true, 1, 1), 10);                 | sum at Bad.java:4: axis 1 is given twice",
        "return n.linear(x.flatten(), x.dim(0));                           | dim at Bad.java:4: the batch axis has no fixed size",
        // zero or negative sizes
        "return n.linear(n.linear(x.flatten(), 0), 10);                    | linear at Bad.java:4: output features must be > 0, got 0",
        "return n.linear(n.conv2d(x, -4, 3).flatten(), 10);                | conv2d at Bad.java:4: output channels must be > 0, got -4",
        "return n.linear(n.conv2d(x, 4, 3, 0, 1).flatten(), 10);           | conv2d at Bad.java:4: stride must be > 0, got 0",
        "return n.linear(x.flatten(), 10).add(n.parameter(0, 10).sum(1));  | parameter at Bad.java:4: every dimension must be > 0, got 0",
        "return n.linear(x.flatten().dropout(1.0), 10);                    | dropout at Bad.java:4: rate must be in [0, 1), got 1.0",
        "return n.linear(x.flatten(), 10).div(0);                          | div at Bad.java:4: division by the constant 0",
        // embeddings and tokens
        "return seq(n, x);                                                 | embedding at Bad.java:6: this task's input is not token ids",
        // reuse across calls, nulls, runtime failures
        "return n.linear(null, 10);                                        | linear at Bad.java:4: a tensor passed to it is null",
        "return null;                                                      | forward: returned null",
        "int[] a = new int[1]; return n.linear(x.flatten(), a[3]);         | forward at Bad.java:4: failed: java.lang.ArrayIndexOutOfBoundsException"})
    void should_reject_with_a_located_message(String body, String expected) throws Exception {
        ShapeException e = assertThrows(ShapeException.class,
                () -> frontEnd.toIr(program(body.strip()), Task.FASHION_MNIST));
        assertTrue(e.getMessage().startsWith(expected.strip()), () -> "expected '" + expected.strip() + "' but got '"
                + e.getMessage() + "'");
    }

    @Test
    void should_reject_a_tensor_kept_from_an_earlier_trace() throws Exception {
        Class<? extends Architecture> type = new DslCompiler().compile(program(
                "if (kept == null) { kept = x; } return n.linear(kept.flatten(), 10);"));
        Tracer.trace(type, List.of(1, 28, 28), 10, 0);
        ShapeException e = assertThrows(ShapeException.class, () -> Tracer.trace(type, List.of(1, 28, 28), 10, 0));
        assertTrue(e.getMessage().startsWith("linear at Bad.java:4: a tensor from another network"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "return n.lienar(x.flatten(), 10);                  | line 4: cannot find symbol",
        "return x.flatten().frobnicate();                   | line 4: cannot find symbol",
        "return n.linear(x.flatten(), \"ten\");             | line 4: ",
        "Tensor t = n.linear(x.flatten(), 10)               | line 4: ';' expected",
        "return n.linear(x.flatten(), 10); } }  class X {   | line "})
    void should_reject_code_that_does_not_compile_with_its_line(String body, String expected) {
        CompileException e = assertThrows(CompileException.class,
                () -> frontEnd.toIr(program(body.strip()), Task.FASHION_MNIST));
        assertTrue(e.getMessage().startsWith(expected.strip()), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"inputShape\":[1,28,28],\"numClasses\":10,\"vocab\":0,\"output\":1,\"nodes\":[{\"id\":0,\"op\":{\"op\":\"input\"},\"inputs\":[],\"shape\":[1,28,28]},{\"id\":1,\"op\":{\"op\":\"linear\",\"outFeatures\":10,\"bias\":true},\"inputs\":[1],\"shape\":[10]}]} | graph: value 1 reads value 1 before it exists (a cycle",
        "{\"inputShape\":[1,28,28],\"numClasses\":10,\"vocab\":0,\"output\":1,\"nodes\":[{\"id\":0,\"op\":{\"op\":\"input\"},\"inputs\":[],\"shape\":[1,28,28]},{\"id\":1,\"op\":{\"op\":\"warp\"},\"inputs\":[0],\"shape\":[10]}]} | not an archlab IR"})
    void should_reject_stored_ir_with_cycles_or_unknown_ops(String json, String expected) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> IrJson.fromJson(json));
        assertTrue(e.getMessage().startsWith(expected.strip()), e.getMessage());
    }
}
