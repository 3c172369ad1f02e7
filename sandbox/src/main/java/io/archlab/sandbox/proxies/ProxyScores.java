package io.archlab.sandbox.proxies;

/**
 * The zero-cost proxies of one candidate, computed at initialisation.
 *
 * @param synflow  {@code Σ|θ ⊙ ∂R/∂θ|}, computed in float64 (float32 overflows for deep networks
 *                 with |θ| weights); {@code +∞} only if even float64 overflows
 * @param naswot   {@code log|det K_H|} of the activation-code kernel; {@code -∞} when the kernel is
 *                 singular (e.g. every ReLU dead), NaN when the network has no ReLU-like unit
 * @param gradNorm sum over parameter tensors of the L2 norm of the cross-entropy gradient
 * @param params   trainable parameters
 * @param units    activation units whose binary codes make up the NASWOT kernel ({@code N_A})
 * @param seconds  wall time of the computation (model build and initialisation included)
 */
public record ProxyScores(double synflow, double naswot, double gradNorm, long params, long units,
        double seconds) {
}
