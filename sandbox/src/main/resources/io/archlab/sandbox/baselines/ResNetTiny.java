import io.archlab.sandbox.dsl.*;

/** Baseline: a three-stage ResNet with one basic block per stage (He et al., 2016). */
public final class ResNetTiny implements Architecture {
    @Override
    public Tensor forward(Net n, Tensor x) {                  // x: [B, 1, 28, 28]
        Tensor h = n.conv2d(x, 16, 3).batchNorm().relu();         // [B, 16, 28, 28]
        h = block(n, h, 16, 1);                                   // [B, 16, 28, 28]
        h = block(n, h, 32, 2);                                   // [B, 32, 14, 14]
        h = block(n, h, 64, 2);                                   // [B, 64, 7, 7]
        return n.linear(h.globalAvgPool(), n.numClasses());
    }

    /** conv-bn-relu-conv-bn plus a shortcut (a strided 1x1 projection when the shape changes). */
    private Tensor block(Net n, Tensor x, int channels, int stride) {
        Tensor h = n.conv2d(x, channels, 3, stride, 1).batchNorm().relu();
        h = n.conv2d(h, channels, 3).batchNorm();
        Tensor shortcut = stride == 1 && x.dim(1) == channels ? x
                : n.conv2d(x, channels, 1, stride, 0).batchNorm();
        return h.add(shortcut).relu();
    }
}
