package io.archlab.sandbox.proxies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.sandbox.baselines.Baselines;
import io.archlab.sandbox.compile.DslCompiler;
import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.data.Dataset;
import io.archlab.sandbox.data.FashionMnist;
import io.archlab.sandbox.data.Task;
import io.archlab.sandbox.ir.Graph;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Zero-cost proxies on real DJL models of baseline IRs and of two hand-made networks. */
class ZeroCostProxiesTest {
    static DslFrontEnd frontEnd;
    static Dataset train;

    @BeforeAll
    static void load() {
        frontEnd = new DslFrontEnd(new DslCompiler());
        train = FashionMnist.shippedSubset().toTaskData().train();
    }

    static Graph trace(String source) throws Exception {
        return frontEnd.toIr(source, Task.FASHION_MNIST);
    }

    static Graph baseline(String name) throws Exception {
        return trace(Baselines.get(name).source());
    }

    /** A network whose two hidden layers are ReLU(-|Wx + b|): every ReLU unit is 0 for every input. */
    static final String DEAD = "import io.archlab.sandbox.dsl.*;\n"
            + "public final class Dead implements Architecture {\n"
            + "  public Tensor forward(Net n, Tensor x) {\n"
            + "    Tensor h = n.linear(x.flatten(), 128).abs().neg().relu();\n"
            + "    h = n.linear(h, 128).abs().neg().relu();\n"
            + "    return n.linear(h, n.numClasses());\n  }\n}\n";

    /** The same network with live ReLUs. */
    static final String LIVE = DEAD.replace("Dead", "Live").replace(".abs().neg()", "");

    @ParameterizedTest
    @ValueSource(strings = {"Mlp", "LeNet5", "ResNetTiny", "ViTTiny"})
    void should_give_finite_scores_that_repeat_for_a_fixed_seed(String name) throws Exception {
        Graph g = baseline(name);
        ZeroCostProxies proxies = new ZeroCostProxies(MiniBatch.first(train, 32, 5), 11);
        ProxyScores a = proxies.score(g);
        ProxyScores b = proxies.score(g);
        assertTrue(Double.isFinite(a.synflow()) && a.synflow() > 0, name + ": synflow " + a.synflow());
        assertTrue(Double.isFinite(a.naswot()), name + ": naswot " + a.naswot());
        assertTrue(Double.isFinite(a.gradNorm()) && a.gradNorm() > 0, name + ": grad norm " + a.gradNorm());
        assertEquals(g.params(), a.params());
        assertTrue(a.units() > 0, name + ": activation units");
        assertEquals(a.synflow(), b.synflow(), 1e-9 * a.synflow(), name + ": synflow repeats");
        assertEquals(a.naswot(), b.naswot(), 1e-9 * Math.abs(a.naswot()), name + ": naswot repeats");
        assertEquals(a.gradNorm(), b.gradNorm(), 1e-6 * a.gradNorm(), name + ": grad norm repeats");
    }

    @Test
    void should_give_other_scores_for_another_initialisation_seed() throws Exception {
        Graph g = baseline("LeNet5");
        MiniBatch batch = MiniBatch.first(train, 32, 5);
        ProxyScores a = new ZeroCostProxies(batch, 11).score(g);
        ProxyScores b = new ZeroCostProxies(batch, 12).score(g);
        assertNotEquals(a.synflow(), b.synflow());
        assertNotEquals(a.gradNorm(), b.gradNorm());
    }

    @Test
    void should_compute_synflow_without_looking_at_the_batch() throws Exception {
        Graph g = baseline("LeNet5");
        ProxyScores a = new ZeroCostProxies(MiniBatch.first(train, 32, 5), 11).score(g);
        ProxyScores b = new ZeroCostProxies(MiniBatch.first(train, 32, 6), 11).score(g);
        assertNotEquals(a.gradNorm(), b.gradNorm(), "the two batches differ");
        assertNotEquals(a.naswot(), b.naswot(), "the two batches differ");
        assertEquals(a.synflow(), b.synflow(), 1e-12 * a.synflow());
    }

    @Test
    void should_tell_a_network_whose_relus_are_all_dead_from_a_live_one() throws Exception {
        ZeroCostProxies proxies = new ZeroCostProxies(MiniBatch.first(train, 32, 5), 11);
        ProxyScores dead = proxies.score(trace(DEAD));
        ProxyScores live = proxies.score(trace(LIVE));
        assertEquals(Double.NEGATIVE_INFINITY, dead.naswot(), "all codes equal: a rank-one kernel");
        assertTrue(Double.isFinite(live.naswot()), "live: " + live.naswot());
        assertEquals(256, dead.units());
        assertTrue(dead.gradNorm() > 0, "the output layer's bias still gets a gradient");
    }

    @Test
    void should_have_no_naswot_score_without_relu_like_units() throws Exception {
        String linear = "import io.archlab.sandbox.dsl.*;\npublic final class Lin implements Architecture {\n"
                + "  public Tensor forward(Net n, Tensor x) {\n    return n.linear(x.flatten().tanh(), 10);\n  }\n}\n";
        ProxyScores s = new ZeroCostProxies(MiniBatch.first(train, 16, 5), 11).score(trace(linear));
        assertTrue(Double.isNaN(s.naswot()), "naswot " + s.naswot());
        assertEquals(0, s.units());
    }

    @Test
    void should_reject_a_network_built_for_another_input_shape() throws Exception {
        Graph seq = frontEnd.toIr(Baselines.get("TransformerTiny").source(), Task.sequence("s", 32, 64, 4));
        ZeroCostProxies proxies = new ZeroCostProxies(MiniBatch.first(train, 16, 5), 11);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> proxies.score(seq));
        assertTrue(e.getMessage().contains("[32]") && e.getMessage().contains("[1, 28, 28]"), e.getMessage());
    }

    @Test
    void should_take_the_same_mini_batch_for_the_same_seed() {
        MiniBatch a = MiniBatch.first(train, 64, 3);
        MiniBatch b = MiniBatch.first(train, 64, 3);
        MiniBatch c = MiniBatch.first(train, 64, 4);
        assertEquals(64, a.size());
        assertEquals(List.of(1, 28, 28), a.samples().sampleShape());
        assertTrue(java.util.Arrays.equals(a.samples().y(), b.samples().y()));
        assertTrue(!java.util.Arrays.equals(a.samples().x(), c.samples().x()));
        assertThrows(IllegalArgumentException.class, () -> MiniBatch.first(train, 1, 3));
    }

    @Test
    void should_compute_log_abs_det_and_call_a_singular_matrix_minus_infinity() {
        assertEquals(Math.log(6), LogDet.logAbsDet(new double[][] {{4, 3}, {6, 3}}), 1e-12);
        assertEquals(Math.log(2 * 3 * 5), LogDet.logAbsDet(new double[][] {{0, 3, 1}, {2, 1, 7}, {0, 0, 5}}), 1e-12);
        assertEquals(Double.NEGATIVE_INFINITY, LogDet.logAbsDet(new double[][] {{5, 5}, {5, 5}}));
        assertEquals(Double.NEGATIVE_INFINITY, LogDet.logAbsDet(new double[][] {{1, 2, 3}, {2, 4, 6}, {1, 0, 1}}));
        assertThrows(IllegalArgumentException.class, () -> LogDet.logAbsDet(new double[][] {{1, 2}, {3}}));
    }
}
