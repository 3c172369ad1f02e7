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
import ai.djl.training.ParameterStore;
import io.archlab.sandbox.compile.DslCompiler;
import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.compile.DslWriter;
import io.archlab.sandbox.data.Task;
import io.archlab.sandbox.export.PyTorchExporter;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.IrJson;
import io.archlab.sandbox.ir.Op;
import io.archlab.sandbox.model.GraphBlock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Programs that use the rest of the DSL: they build, run on DJL with the inferred shapes, and round-trip. */
class DslExamplesTest {
    static final DslFrontEnd FRONT_END = new DslFrontEnd(new DslCompiler());

    /** The example of issue 3, as written there. */
    static final String GATED_MIXER = """
            import io.archlab.sandbox.dsl.*;

            public final class GatedMixer implements Architecture {
                public Tensor forward(Net n, Tensor x) {              // x: [B, 1, 28, 28]
                    Tensor h = n.conv2d(x, 32, 3).batchNorm().relu();
                    h = h.add(n.depthwiseConv2d(h, 3).batchNorm().silu());          // residual
                    Tensor t = h.flattenSpatial();                                   // [B, HW, C]
                    Tensor gate = n.linear(t, 32).sigmoid();
                    Tensor mixed = n.linear(t.mul(gate).transpose(1, 2), t.dim(1));  // token mixing
                    return n.linear(mixed.mean(-1), n.numClasses());
                }
            }
            """;

    /** Every op the baselines leave out. */
    static final String KITCHEN_SINK = """
            import io.archlab.sandbox.dsl.*;
            import java.util.List;

            public final class KitchenSink implements Architecture {
                public Tensor forward(Net n, Tensor x) {
                    Tensor h = n.conv2d(x, 8, 3, 1, 2, 2, 1).groupNorm(2).relu();         // dilated
                    h = h.maxPool(3, 2, 1).upsample(2).avgPool(2);                          // [B, 8, 14, 14]
                    Tensor seq = h.reshape(8, 196);                                         // [B, 8, 196]
                    Tensor c1 = n.conv1d(seq, 8, 3, 1, 1, 1, 4).rmsNorm();                  // grouped conv1d
                    List<Tensor> parts = c1.split(2, 98, 98);
                    Tensor a = parts.get(0).abs().add(1.0).log().sqrt();
                    Tensor b = parts.get(1).square().neg().exp().pow(2.0).rsub(1.0);
                    Tensor m = a.min(b).max(a.sub(b)).div(a.add(2.0)).mul(0.5).sub(0.1);
                    Tensor s = n.concat(2, m, m.cumsum(2).tanh()).logSoftmax(-1).softplus();  // [B, 8, 196]
                    Tensor pooled = s.reshape(8, 14, 14).globalMaxPool();                  // [B, 8]
                    Tensor scale = n.parameter(true, 8);
                    Tensor shift = n.parameter(false, 8);
                    Tensor z = pooled.mul(scale).add(shift).dropout(0.1).layerNorm();
                    Tensor w = n.linear(z, 16, false).gelu().sum(true, 1).mean(false, 1);   // [B]
                    return n.linear(z.sub(w.reshape(1)), n.numClasses());
                }
            }
            """;

    @Test
    void should_build_run_and_round_trip_programs_using_every_op() throws Exception {
        for (Map.Entry<String, String> e : Map.of("GatedMixer", GATED_MIXER, "KitchenSink", KITCHEN_SINK).entrySet()) {
            Graph g = FRONT_END.toIr(e.getValue(), Task.FASHION_MNIST);
            String name = e.getKey();
            Engine.getInstance().setRandomSeed(3);
            try (NDManager m = NDManager.newBaseManager();
                    Model model = Model.newInstance(name, Device.cpu(), "PyTorch")) {
                GraphBlock block = new GraphBlock(g);
                model.setBlock(block);
                block.initialize(m, DataType.FLOAT32, new Shape(2, 1, 28, 28));
                assertEquals(GraphBlock.trainableParameters(block), g.params(), name);
                NDArray x = m.randomNormal(new Shape(2, 1, 28, 28));
                List<Shape> shapes = block.valueShapes(new ParameterStore(m, false), x);
                for (int i = 0; i < shapes.size(); i++) {
                    long batch = g.node(i).op() instanceof Op.Param ? 1 : 2;
                    assertEquals(GraphBlock.withBatch(batch, g.node(i).shape()), shapes.get(i),
                            name + " value " + i + " " + g.node(i).op().name());
                }
                NDArray out = block.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
                assertEquals(new Shape(2, 10), out.getShape());
                assertTrue(out.isInfinite().logicalOr(out.isNaN()).none().getBoolean(), name + " output is finite");
            }
            Graph again = FRONT_END.toIr(DslWriter.write(g, name, "round trip"), Task.FASHION_MNIST);
            assertEquals(IrJson.hash(g), IrJson.hash(again), name);
            assertEquals(g.params(), PyTorchExporter.statedParams(PyTorchExporter.export(g, name)));
        }
    }
}
