import io.archlab.sandbox.dsl.*;

/** Baseline: LeNet-5 (LeCun et al., 1998) with ReLU, for 28x28 inputs. */
public final class LeNet5 implements Architecture {
    @Override
    public Tensor forward(Net n, Tensor x) {                 // x: [B, 1, 28, 28]
        Tensor h = n.conv2d(x, 6, 5, 1, 2).relu().avgPool(2);    // [B, 6, 14, 14]
        h = n.conv2d(h, 16, 5, 1, 0).relu().avgPool(2);          // [B, 16, 5, 5]
        h = n.linear(h.flatten(), 120).relu();                   // [B, 120]
        h = n.linear(h, 84).relu();                              // [B, 84]
        return n.linear(h, n.numClasses());
    }
}
