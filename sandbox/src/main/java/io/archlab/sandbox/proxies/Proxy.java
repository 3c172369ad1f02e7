package io.archlab.sandbox.proxies;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The zero-cost proxies by name, each read from a {@link ProxyScores}; higher is meant to be better. */
public enum Proxy {
    /** Tanaka et al. 2020: {@code Σ|θ ⊙ ∂R/∂θ|} with |θ| weights and an all-ones input. */
    SYNFLOW("synflow"),
    /** Mellor et al. 2021: {@code log|det K_H|} of the ReLU activation-code kernel of the mini-batch. */
    NASWOT("naswot"),
    /** Sum over parameter tensors of the L2 norm of the cross-entropy gradient on the mini-batch. */
    GRAD_NORM("grad_norm"),
    /** Trainable parameters. */
    PARAMS("params");

    private final String label;

    Proxy(String label) {
        this.label = label;
    }

    /** The name used on the command line and in tables, e.g. {@code grad_norm}. */
    public String label() {
        return label;
    }

    /** This proxy's value in {@code s}. */
    public double of(ProxyScores s) {
        return switch (this) {
            case SYNFLOW -> s.synflow();
            case NASWOT -> s.naswot();
            case GRAD_NORM -> s.gradNorm();
            case PARAMS -> s.params();
        };
    }

    /** The proxy named {@code label} (case-insensitive). */
    public static Proxy named(String label) {
        for (Proxy p : values()) {
            if (p.label.equals(label.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown proxy '" + label + "' (known: "
                + Arrays.stream(values()).map(Proxy::label).collect(Collectors.joining(", ")) + ")");
    }
}
