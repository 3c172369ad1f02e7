import io.archlab.sandbox.dsl.*;

/** Baseline: two conv-BN-ReLU-pool stages and a small classifier head. */
public final class SmallCnn implements Architecture {
    @Override
    public Tensor forward(Net n, Tensor x) {                      // x: [B, 1, 28, 28]
        Tensor h = n.conv2d(x, 16, 3).batchNorm().relu().maxPool(2);  // [B, 16, 14, 14]
        h = n.conv2d(h, 32, 3).batchNorm().relu().maxPool(2);         // [B, 32, 7, 7]
        h = n.linear(h.flatten(), 64).relu();                         // [B, 64]
        return n.linear(h, n.numClasses());
    }
}
