package io.archlab.sandbox.proxies;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.Node;
import io.archlab.sandbox.ir.Op;

/**
 * NASWOT (Mellor et al., 2021): each sample of the mini-batch gets a binary code, one bit per
 * ReLU unit (1 where the unit is active); the kernel {@code K_H[i][j] = N_A - Hamming(c_i, c_j)}
 * counts the units on which samples i and j agree, and the score is {@code log|det K_H|}.
 * Networks built on GELU or SiLU have no ReLU: for them the bit is the sign of the activation's
 * input (the region where these behave like the identity), archlab's extension of the paper,
 * which scores ReLU networks only.
 */
final class Naswot {
    private Naswot() {
    }

    /** The kernel and the number of units it counts. */
    record Kernel(double[][] k, long units) {
        /** {@code log|det K_H|}: NaN without units, {@code -∞} when singular. */
        double score() {
            return units == 0 ? Double.NaN : LogDet.logAbsDet(k);
        }
    }

    /** The kernel of the activation codes in {@code values} (every value of {@code graph}, batch {@code b}). */
    static Kernel kernel(Graph graph, NDArray[] values, int b) {
        double[][] k = new double[b][b];
        long units = 0;
        for (Node n : graph.nodes()) {
            NDArray code = codeSource(n, values);
            if (code == null || code.getShape().get(0) != b) {
                continue;   // not an activation, or a learnable tensor's (batch 1)
            }
            NDArray on = code.gt(0).toType(DataType.FLOAT32, false).reshape(b, -1);
            long layer = on.getShape().get(1);
            // codes are binary, so agreements are N - |c_i| - |c_j| + 2 c_i.c_j, and |c_i| = c_i.c_i:
            // one Gram matrix per layer, exact in float32 (counts below 2^24), layers summed in double
            float[] gram = on.matMul(on.transpose()).toFloatArray();
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < b; j++) {
                    k[i][j] += layer - gram[i * b + i] - gram[j * b + j] + 2.0 * gram[i * b + j];
                }
            }
            units += layer;
        }
        return new Kernel(k, units);
    }

    /** The array whose sign is the code of node {@code n}, or null if {@code n} is no ReLU-like activation. */
    private static NDArray codeSource(Node n, NDArray[] values) {
        if (!(n.op() instanceof Op.Unary u)) {
            return null;
        }
        return switch (u.fn()) {
            case RELU -> values[n.id()];
            case GELU, SILU -> values[n.inputs().get(0)];
            default -> null;
        };
    }
}
