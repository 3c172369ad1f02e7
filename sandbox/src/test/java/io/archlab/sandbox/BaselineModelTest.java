package io.archlab.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.archlab.sandbox.baselines.Baselines;
import io.archlab.sandbox.compile.DslCompiler;
import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.compile.DslWriter;
import io.archlab.sandbox.data.Task;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.IrJson;
import io.archlab.sandbox.ir.Op;
import io.archlab.sandbox.model.GraphBlock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every shipped baseline: exact parameters, working forward pass and training step, stable round trip. */
class BaselineModelTest {
    static final Task SEQ = Task.sequence("synthetic", 32, 64, 4);
    static final List<String> ALL = new ArrayList<>();
    static DslFrontEnd frontEnd;

    static {
        ALL.addAll(Baselines.IMAGE);
        ALL.addAll(Baselines.SEQUENCE);
    }

    @BeforeAll
    static void compiler() {
        frontEnd = new DslFrontEnd(new DslCompiler());
    }

    static Task taskOf(String name) {
        return Baselines.SEQUENCE.contains(name) ? SEQ : Task.FASHION_MNIST;
    }

    static Graph trace(String name) throws Exception {
        return frontEnd.toIr(Baselines.get(name).source(), taskOf(name));
    }

    static NDArray input(NDManager m, Task task, int batch) {
        if (task.tokens()) {
            return m.randomInteger(0, task.vocab(), new Shape(batch, task.inputShape().get(0)), DataType.INT64)
                    .toType(DataType.FLOAT32, false);
        }
        return m.randomNormal(new Shape(batch, 1, 28, 28));
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void should_count_exactly_the_parameters_djl_builds_and_infer_every_shape(String name) throws Exception {
        Graph g = trace(name);
        Task task = taskOf(name);
        try (NDManager m = NDManager.newBaseManager(); Model model = Model.newInstance(name, Device.cpu(), "PyTorch")) {
            GraphBlock block = new GraphBlock(g);
            model.setBlock(block);
            List<Integer> in = task.inputShape();
            block.initialize(m, DataType.FLOAT32, task.tokens() ? new Shape(3, in.get(0))
                    : new Shape(3, in.get(0), in.get(1), in.get(2)));
            assertEquals(GraphBlock.trainableParameters(block), g.params(), name + ": IR vs DJL parameter count");

            List<Shape> shapes = block.valueShapes(new ParameterStore(m, false), input(m, task, 3));
            for (int i = 0; i < shapes.size(); i++) {
                Shape s = shapes.get(i);
                long batch = g.node(i).op() instanceof Op.Param ? 1 : 3;
                assertEquals(GraphBlock.withBatch(batch, g.node(i).shape()), s,
                        name + ": value " + i + " (" + g.node(i).op().name() + ")");
            }
        }
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void should_lower_the_loss_in_one_training_step(String name) throws Exception {
        Graph g = trace(name);
        Task task = taskOf(name);
        Engine.getInstance().setRandomSeed(42);
        try (Model model = Model.newInstance(name, Device.cpu(), "PyTorch")) {
            model.setBlock(new GraphBlock(g));
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(1e-3f)).build());
            try (Trainer trainer = model.newTrainer(cfg)) {
                NDManager m = trainer.getManager();
                NDArray x = input(m, task, 16);
                NDArray y = m.randomInteger(0, task.numClasses(), new Shape(16), DataType.INT64)
                        .toType(DataType.FLOAT32, false);
                trainer.initialize(x.getShape());
                float before;
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray loss = trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x)));
                    before = loss.getFloat();
                    gc.backward(loss);
                }
                trainer.step();
                float after = trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x))).getFloat();
                assertTrue(Float.isFinite(before) && after < before, name + ": loss " + before + " -> " + after);
            }
        }
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void should_write_source_that_compiles_back_to_the_same_hash(String name) throws Exception {
        Graph g = trace(name);
        String written = DslWriter.write(g, name + " copy", "round trip");
        Graph again = frontEnd.toIr(written, taskOf(name));
        assertEquals(IrJson.hash(g), IrJson.hash(again), written);
        assertEquals(IrJson.toJson(g), IrJson.toJson(IrJson.fromJson(IrJson.toJson(g))), "JSON round trip");
    }
}
