package io.archlab.sandbox.dsl;

/**
 * A candidate architecture written in archlab's DSL: a Java class whose {@code forward} method
 * describes the network over symbolic tensors. Nothing is computed when it runs: every call records
 * an op in the IR, with its shape checked on the spot.
 *
 * <pre>{@code
 * public final class SmallCnn implements Architecture {
 *     public Tensor forward(Net n, Tensor x) {            // x: [B, 1, 28, 28]
 *         Tensor h = n.conv2d(x, 16, 3).batchNorm().relu().maxPool(2);
 *         h = h.add(n.conv2d(h, 16, 3).batchNorm().relu());   // residual
 *         return n.linear(h.flatten(), n.numClasses());
 *     }
 * }
 * }</pre>
 */
public interface Architecture {

    /**
     * Describes the network.
     *
     * @param n the layer factory (layers with weights are created through it)
     * @param x the input batch, e.g. {@code [B, 1, 28, 28]} for Fashion-MNIST
     * @return class scores of shape {@code [B, n.numClasses()]}
     */
    Tensor forward(Net n, Tensor x);
}
