import io.archlab.sandbox.dsl.*;

/** Baseline: a one-hidden-layer perceptron on raw pixels. */
public final class Mlp implements Architecture {
    @Override
    public Tensor forward(Net n, Tensor x) {        // x: [B, 1, 28, 28]
        Tensor h = n.linear(x.flatten(), 256).relu();  // [B, 256]
        return n.linear(h, n.numClasses());
    }
}
