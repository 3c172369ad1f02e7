package io.archlab.sandbox.nb201;

/**
 * A candidate's IR is not a NAS-Bench-201 network: the message says what was found where, and what
 * the space expects, for whoever wrote the candidate to repair it.
 */
public final class NotNb201Exception extends RuntimeException {
    /** What an NB201 network looks like, appended to every message. */
    public static final String EXPECTED = "A NAS-Bench-201 network is: conv2d(16, 3x3) and batchNorm (the stem); "
            + "3 stages of " + Nb201Dsl.CELLS_PER_STAGE + " identical cells at 16, 32 and 64 channels joined by "
            + "residual reduction blocks (relu, conv2d(2C, 3x3, stride 2, padding 1), batchNorm, relu, conv2d(2C, 3x3), "
            + "batchNorm, plus avgPool(2) then conv2d(2C, 1x1), added); then batchNorm, relu, globalAvgPool, linear. "
            + "In a cell, node j (1..3) is the sum of ops on nodes i < j, each op being relu-conv2d(C, 1x1 or 3x3)-"
            + "batchNorm, avgPool(3, 1, 1), the node itself (skip_connect) or nothing (none); a node with no op is "
            + "n0.mul(0.0); node 3 is the cell's output.";

    private final String problem;

    NotNb201Exception(String problem) {
        super("not a NAS-Bench-201 network: " + problem + ". " + EXPECTED);
        this.problem = problem;
    }

    /** The problem alone, without the description of the space. */
    public String problem() {
        return problem;
    }
}
