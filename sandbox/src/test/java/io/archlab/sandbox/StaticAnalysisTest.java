package io.archlab.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.sandbox.analysis.Analysis;
import io.archlab.sandbox.analysis.StaticAnalyzer;
import io.archlab.sandbox.baselines.Baselines;
import io.archlab.sandbox.compile.DslCompiler;
import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.data.Task;
import io.archlab.sandbox.ir.Graph;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MACs and memory of the baselines against counts made by hand, layer by layer. */
class StaticAnalysisTest {
    static final DslFrontEnd FRONT_END = new DslFrontEnd(new DslCompiler());
    static final Task SEQ = Task.sequence("synthetic", 32, 64, 4);

    /** Hand counts: output elements x input elements per output, summed per layer. */
    static final Map<String, Long> HAND_MACS = Map.of(
            "Mlp", 784L * 256 + 256 * 10,
            "LeNet5", 6L * 28 * 28 * 25 + 16 * 10 * 10 * 6 * 25 + 400 * 120 + 120 * 84 + 84 * 10,
            "ResNetTiny", 16L * 28 * 28 * 9                                           // stem
                    + 2 * (16L * 28 * 28 * 16 * 9)                                     // block 1
                    + 32L * 14 * 14 * 16 * 9 + 32L * 14 * 14 * 32 * 9 + 32L * 14 * 14 * 16   // block 2 + projection
                    + 64L * 7 * 7 * 32 * 9 + 64L * 7 * 7 * 64 * 9 + 64L * 7 * 7 * 32   // block 3 + projection
                    + 64 * 10,
            "MobileNetV2Tiny", 16L * 14 * 14 * 9                                      // stem, stride 2
                    + 64L * 14 * 14 * 16 + 64L * 14 * 14 * 9 + 64 * 16 * 2 + 16L * 14 * 14 * 64   // block 1
                    + 64L * 14 * 14 * 16 + 64L * 7 * 7 * 9 + 64 * 16 * 2 + 24L * 7 * 7 * 64       // block 2
                    + 96L * 7 * 7 * 24 + 96L * 7 * 7 * 9 + 96 * 24 * 2 + 24L * 7 * 7 * 96         // block 3
                    + 96L * 7 * 7 * 24 + 96 * 10,
            "ViTTiny", 49L * 16 * 64
                    + 2 * (3L * 50 * 64 * 64 + 2 * (4L * 50 * 50 * 16) + 50L * 64 * 64 + 2 * (50L * 64 * 128))
                    + 64 * 10,
            "Nb201Cell", 16L * 28 * 28 * 9 + 3 * (16L * 28 * 28 * 16 * 9) + 3 * (16L * 14 * 14 * 16 * 9) + 16 * 10,
            "TransformerTiny", 3L * 32 * 64 * 64 + 2 * (4L * 32 * 32 * 16) + 32L * 64 * 64
                    + 2 * (32L * 64 * 256) + 64 * 4,
            "LinearAttentionTiny", 2 * (3L * 32 * 64 * 64 + 64L * 64 * 32 + 32L * 64 + 32L * 64 * 64
                    + 32L * 64 * 64 + 2 * (32L * 64 * 128)) + 64 * 4,
            "GatedRecurrentTiny", 2 * (4L * 32 * 64 * 64) + 64 * 4);

    static Graph trace(String name) throws Exception {
        return FRONT_END.toIr(Baselines.get(name).source(), Baselines.SEQUENCE.contains(name) ? SEQ
                : Task.FASHION_MNIST);
    }

    @Test
    void should_count_the_macs_of_every_baseline_as_by_hand() throws Exception {
        assertEquals(Baselines.IMAGE.size() + Baselines.SEQUENCE.size(), HAND_MACS.size());
        for (Map.Entry<String, Long> e : HAND_MACS.entrySet()) {
            Analysis a = StaticAnalyzer.analyze(trace(e.getKey()), 64);
            assertEquals(e.getValue(), a.macs(), e.getKey());
            assertEquals(a.macs(), a.ops().stream().mapToLong(Analysis.OpCost::macs).sum(), e.getKey());
            assertTrue(a.flops() >= 2 * a.macs(), e.getKey());
        }
    }

    @Test
    void should_find_peak_activation_memory_by_liveness() throws Exception {
        // Mlp at batch 1: the 784 input values and the 256 of the first layer are live together;
        // flatten shares the input's buffer.
        Analysis mlp = StaticAnalyzer.analyze(trace("Mlp"), 1);
        assertEquals((784 + 256) * 4, mlp.peakBytesFloat32());
        assertEquals(784 + 256, mlp.peakBytesInt8());
        // LeNet5: the 6x28x28 convolution output and its ReLU are live together.
        Analysis lenet = StaticAnalyzer.analyze(trace("LeNet5"), 1);
        assertEquals(2 * 6 * 28 * 28 * 4, lenet.peakBytesFloat32());
    }

    @Test
    void should_estimate_training_memory_growing_with_the_batch() throws Exception {
        Graph g = trace("ResNetTiny");
        long small = StaticAnalyzer.analyze(g, 32).trainingBytes();
        long large = StaticAnalyzer.analyze(g, 64).trainingBytes();
        long weights = 16 * g.params();
        assertEquals(2 * (small - weights), large - weights);
    }
}
