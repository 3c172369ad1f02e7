import io.archlab.sandbox.dsl.*;

/**
 * Baseline: MobileNetV2-style inverted residuals (Sandler et al., 2018) with squeeze-and-excite
 * (Hu et al., 2018): expand 1x1, depthwise 3x3, excite, project 1x1.
 */
public final class MobileNetV2Tiny implements Architecture {
    @Override
    public Tensor forward(Net n, Tensor x) {                          // x: [B, 1, 28, 28]
        Tensor h = n.conv2d(x, 16, 3, 2, 1).batchNorm().silu();           // [B, 16, 14, 14]
        h = invertedResidual(n, h, 16, 4, 1);                             // [B, 16, 14, 14]
        h = invertedResidual(n, h, 24, 4, 2);                             // [B, 24, 7, 7]
        h = invertedResidual(n, h, 24, 4, 1);                             // [B, 24, 7, 7]
        h = n.conv2d(h, 96, 1).batchNorm().silu();                        // [B, 96, 7, 7]
        return n.linear(h.globalAvgPool(), n.numClasses());
    }

    private Tensor invertedResidual(Net n, Tensor x, int out, int expand, int stride) {
        int wide = x.dim(1) * expand;
        Tensor h = n.conv2d(x, wide, 1).batchNorm().silu();               // expand
        h = n.depthwiseConv2d(h, 3, stride).batchNorm().silu();           // depthwise
        h = squeezeExcite(n, h, 4);
        h = n.conv2d(h, out, 1).batchNorm();                              // linear bottleneck
        return stride == 1 && x.dim(1) == out ? h.add(x) : h;
    }

    /** Channel gates from globally pooled features. */
    private Tensor squeezeExcite(Net n, Tensor x, int reduction) {
        int c = x.dim(1);
        Tensor s = n.linear(x.globalAvgPool(), c / reduction).relu();
        Tensor gate = n.linear(s, c).sigmoid().reshape(c, 1, 1);            // [B, C, 1, 1]
        return x.mul(gate);
    }
}
