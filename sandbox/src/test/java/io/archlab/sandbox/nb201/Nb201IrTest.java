package io.archlab.sandbox.nb201;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.sandbox.baselines.Baselines;
import io.archlab.sandbox.compile.DslCompiler;
import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.IrJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * NAS-Bench-201 networks as DSL and back: generated source compiles and traces to an IR whose cell
 * is recognised, isomorphic cells share one IR, and other networks are refused with the reason.
 */
class Nb201IrTest {
    static final DslFrontEnd FRONT_END = new DslFrontEnd(new DslCompiler());

    static Graph trace(String source) throws Exception {
        return FRONT_END.toIr(source, Nb201Dataset.CIFAR10.task());
    }

    static Graph network(Nb201Arch a) throws Exception {
        return trace(Nb201Dsl.source(a, "Cell" + a.code()));
    }

    /** The corner cases, then a deterministic sample of random cells. */
    static List<Nb201Arch> sample(int random) {
        List<Nb201Arch> out = new ArrayList<>();
        for (String s : new String[] {
            "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|",                                       // all none
            "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|",
            "|nor_conv_1x1~0|+|nor_conv_1x1~0|nor_conv_1x1~1|+|nor_conv_1x1~0|nor_conv_1x1~1|nor_conv_1x1~2|",
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|",
            "|avg_pool_3x3~0|+|avg_pool_3x3~0|avg_pool_3x3~1|+|avg_pool_3x3~0|avg_pool_3x3~1|avg_pool_3x3~2|",
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|none~0|none~1|none~2|",                // output cut off
            "|none~0|+|none~0|none~1|+|none~0|nor_conv_3x3~1|avg_pool_3x3~2|",                        // ops on zeros
            "|none~0|+|none~0|skip_connect~1|+|none~0|skip_connect~1|skip_connect~2|",                // zeros added
            "|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|nor_conv_3x3~2|",                        // node 2 is zero
            "|none~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|",                                // identity cell
            "|skip_connect~0|+|none~0|skip_connect~1|+|none~0|none~1|skip_connect~2|",                // identity by skips
            "|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|"}) {     // ResNet-like
            out.add(Nb201Space.parse(s));
        }
        Random r = new Random(201);
        for (int i = 0; i < random; i++) {
            out.add(Nb201Space.random(r));
        }
        return out;
    }

    @Test
    void should_map_the_generated_network_of_every_sampled_cell_back_to_its_cell() throws Exception {
        int exact = 0;
        List<Nb201Arch> cells = sample(290);
        for (Nb201Arch a : cells) {
            Graph g = network(a);
            Nb201Arch back = Nb201Ir.archOf(g);
            assertEquals(Nb201Ir.representative(a), back, a.toString());
            if (back.equals(a)) {
                exact++;
            }
            assertEquals(back, Nb201Ir.representative(back), "a representative represents itself");
        }
        assertTrue(exact > cells.size() / 3, "most sampled cells are their class's representative: " + exact);
    }

    @Test
    void should_give_isomorphic_cells_the_same_network_and_cell() throws Exception {
        Nb201Arch viaNode1 = Nb201Space.parse("|skip_connect~0|+|none~0|none~1|+|none~0|nor_conv_3x3~1|none~2|");
        Nb201Arch direct = Nb201Space.parse("|none~0|+|none~0|none~1|+|nor_conv_3x3~0|none~1|none~2|");
        Graph a = network(viaNode1);
        Graph b = network(direct);
        assertEquals(IrJson.hash(a), IrJson.hash(b), "the same network");
        assertEquals(direct, Nb201Ir.archOf(a), "the representative is the cell of lowest code");
        assertEquals(direct, Nb201Ir.archOf(b));
        assertEquals(6744, Nb201Ir.distinctNetworks(), "distinct networks among the 15,625 cells");
        Nb201Arch cut = Nb201Space.parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|none~0|none~1|none~2|");
        assertEquals(Nb201Arch.ofCode(0), Nb201Ir.archOf(network(cut)), "a cut-off output is the all-none network");
    }

    @Test
    void should_recognise_a_cell_written_by_hand_in_another_style() throws Exception {
        String source = """
                import io.archlab.sandbox.dsl.*;

                public final class HandWritten implements Architecture {
                    public Tensor forward(Net n, Tensor x) {
                        Tensor h = n.conv2d(x, 16, 3, 1, 1).batchNorm();
                        int c = 16;
                        for (int s = 0; s < 3; s++) {
                            if (s > 0) {
                                c = c * 2;
                                Tensor side = n.conv2d(h.avgPool(2, 2), c, 1);
                                Tensor a = n.conv2d(h.relu(), c, 3, 2, 1).batchNorm();
                                h = side.add(n.conv2d(a.relu(), c, 3, 1, 1).batchNorm());
                            }
                            for (int i = 0; i < 5; i++) {
                                Tensor r = h.relu();
                                Tensor a = n.conv2d(r, c, 3).batchNorm();          // edge 0->1
                                Tensor b = n.conv2d(r, c, 1).batchNorm();          // edge 0->3, same relu
                                Tensor d = a.avgPool(3, 1, 1).add(h);               // node 2 = pool(1) + skip(0)
                                h = b.add(d).add(a);                               // node 3 = conv1(0) + skip(2) + skip(1)
                            }
                        }
                        return n.linear(h.batchNorm().relu().globalAvgPool(), n.numClasses());
                    }
                }
                """;
        Nb201Arch expected = Nb201Ir.representative(Nb201Space.parse(
                "|nor_conv_3x3~0|+|skip_connect~0|avg_pool_3x3~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|"));
        assertEquals(expected, Nb201Ir.archOf(trace(source)));
    }

    @Test
    void should_refuse_networks_outside_the_space_saying_why() throws Exception {
        Nb201Arch a = Nb201Space.parse(Nb201SpaceTest.RESNET_LIKE);
        String good = Nb201Dsl.source(a, "Resnetish");
        assertRefused(trace(good.replace("n.conv2d(x.relu(), x.dim(1), k)", "n.conv2d(x.relu(), x.dim(1), k + 2)")),
                "kernel=5", "which no NAS-Bench-201 cell contains");
        assertRefused(trace(good.replace("static final int CELLS = 5;", "static final int CELLS = 4;")),
                "do not split into 3 x 5 identical NAS-Bench-201 cells");
        assertRefused(trace(good.replace("h = cell(n, h);", "h = stage == 2 && i == 4 ? n0(n, h) : cell(n, h);")
                .replace("    static Tensor norConv(", "    static Tensor n0(Net n, Tensor x) {\n"
                        + "        return x.add(norConv(n, x, 3));\n    }\n\n    static Tensor norConv(")),
                "do not split into 3 x 5 identical");
        assertRefused(trace(good.replace("return n.linear(h.batchNorm().relu().globalAvgPool(), n.numClasses());",
                "return n.linear(h.relu().globalAvgPool(), n.numClasses());")), "the head");
        assertRefused(trace(good.replace("n.conv2d(x, 16, 3).batchNorm()", "n.conv2d(x, 16, 5).batchNorm()")),
                "stem");
        assertRefused(trace(good.replace("return h.add(n.conv2d(x.avgPool(2), c, 1));",
                "return h.add(n.conv2d(x.maxPool(2), c, 1));")), "reduction block");
        assertRefused(trace(Baselines.get("ResNetTiny").source()), "not a NAS-Bench-201 network");
        assertRefused(trace(Baselines.get("Mlp").source()), "the head", "Linear[outFeatures=10");
    }

    private static void assertRefused(Graph g, String... expected) {
        NotNb201Exception e = assertThrows(NotNb201Exception.class, () -> Nb201Ir.archOf(g));
        for (String s : expected) {
            assertTrue(e.getMessage().contains(s), s + " in: " + e.getMessage());
        }
        assertTrue(e.getMessage().contains(NotNb201Exception.EXPECTED), "says what the space expects");
    }
}
