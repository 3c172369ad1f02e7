package io.archlab.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.archlab.sandbox.baselines.Baselines;
import io.archlab.sandbox.compile.DslCompiler;
import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.compile.DslWriter;
import io.archlab.sandbox.data.Task;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.IrJson;
import io.archlab.sandbox.model.GraphBlock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class BaselineModelTest {
    static final java.util.List<String> NAMES = Baselines.NAMES;
    static DslFrontEnd frontEnd;

    @BeforeAll
    static void compiler() {
        frontEnd = new DslFrontEnd(new DslCompiler());
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void should_count_exactly_the_parameters_djl_builds(String name) throws Exception {
        Graph g = trace(Baselines.get(name).source());
        try (NDManager m = NDManager.newBaseManager(); Model model = Model.newInstance(name, Device.cpu(), "PyTorch")) {
            GraphBlock block = new GraphBlock(g);
            model.setBlock(block);
            block.initialize(m, DataType.FLOAT32, new Shape(2, 1, 28, 28));
            assertEquals(GraphBlock.trainableParameters(block), g.params(), name + ": IR vs DJL parameter count");
        }
        assertTrue(g.params() > 1000, name + " has a plausible size");
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void should_write_source_that_traces_back_to_the_same_ir(String name) throws Exception {
        Graph g = trace(Baselines.get(name).source());
        String written = DslWriter.write(g, name + " copy", "round trip");
        Graph again = trace(written);
        assertEquals(IrJson.toJson(g), IrJson.toJson(again), written);
        assertEquals(IrJson.hash(g), IrJson.hash(again));
        assertEquals(IrJson.toJson(g), IrJson.toJson(IrJson.fromJson(IrJson.toJson(g))), "JSON round trip");
    }

    private static Graph trace(String source) throws Exception {
        return frontEnd.toIr(source, Task.FASHION_MNIST.inputShape(), Task.FASHION_MNIST.numClasses());
    }
}
