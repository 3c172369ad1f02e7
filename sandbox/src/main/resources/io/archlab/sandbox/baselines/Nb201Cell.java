import io.archlab.sandbox.dsl.*;

/**
 * Baseline: the NAS-Bench-201 cell (Dong and Yang, 2020), a 4-node DAG whose 6 edges each carry
 * one of none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3. This one is
 * |nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|,
 * between a stem and a classifier.
 */
public final class Nb201Cell implements Architecture {
    static final int C = 16;

    @Override
    public Tensor forward(Net n, Tensor x) {                  // x: [B, 1, 28, 28]
        Tensor h = n.conv2d(x, C, 3).batchNorm();                 // stem: [B, 16, 28, 28]
        h = cell(n, h).maxPool(2);                                // [B, 16, 14, 14]
        h = cell(n, h);
        return n.linear(h.batchNorm().relu().globalAvgPool(), n.numClasses());
    }

    static Tensor cell(Net n, Tensor n0) {
        Tensor n1 = norConv(n, n0, 3);
        Tensor n2 = norConv(n, n0, 3).add(n1.avgPool(3, 1, 1));
        return n0.add(norConv(n, n1, 3)).add(n2);
    }

    /** ReLU, convolution, batch norm: NAS-Bench-201's nor_conv_kxk. */
    static Tensor norConv(Net n, Tensor x, int k) {
        return n.conv2d(x.relu(), C, k).batchNorm();
    }
}
