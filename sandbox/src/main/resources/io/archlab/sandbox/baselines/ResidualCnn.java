import io.archlab.sandbox.dsl.*;

/** Baseline: a stem, one residual conv block per stage, global average pooling. */
public final class ResidualCnn implements Architecture {
    @Override
    public Tensor forward(Net n, Tensor x) {                            // x: [B, 1, 28, 28]
        Tensor h = n.conv2d(x, 24, 3).batchNorm().relu();                   // [B, 24, 28, 28]
        h = h.add(n.conv2d(h, 24, 3).batchNorm().relu()).maxPool(2);        // [B, 24, 14, 14]
        h = n.conv2d(h, 48, 3).batchNorm().relu();                          // [B, 48, 14, 14]
        h = h.add(n.conv2d(h, 48, 3).batchNorm().relu()).maxPool(2);        // [B, 48, 7, 7]
        return n.linear(h.avgPool(7).flatten(), n.numClasses());
    }
}
