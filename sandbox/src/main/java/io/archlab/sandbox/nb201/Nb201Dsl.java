package io.archlab.sandbox.nb201;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the NAS-Bench-201 network of a cell as archlab DSL source, so that its parameters and MACs
 * come from the IR like any candidate's. The macro skeleton is NAS-Bench-201's: a 3x3 stem
 * convolution with 16 channels and batch norm; three stages of {@link #CELLS_PER_STAGE} copies of
 * the cell at 16, 32 and 64 channels, joined by residual reduction blocks (ReLU-conv3x3/2-BN,
 * ReLU-conv3x3-BN, plus a 2x2 average pool and 1x1 convolution as the shortcut); then batch norm,
 * ReLU, global average pooling and a linear classifier. The DSL's convolutions carry a bias, which
 * NAS-Bench-201's do not, so parameter counts are slightly higher than the benchmark's.
 *
 * <p>In the cell, node {@code j} is the sum of the ops on its incoming edges; {@code skip_connect}
 * is the node itself, {@code none} is left out, and a node with no incoming op at all is the zero
 * tensor {@code n0.mul(0.0)} (ops on it are still built, as in NAS-Bench-201).
 */
public final class Nb201Dsl {
    /** Cells per stage: NAS-Bench-201's N = 5. */
    public static final int CELLS_PER_STAGE = 5;
    /** Channels of the stem and the first stage. */
    public static final int STEM_CHANNELS = 16;

    private Nb201Dsl() {
    }

    /** The DSL source of the NAS-Bench-201 network of {@code arch}, as a class named {@code className}. */
    public static String source(Nb201Arch arch, String className) {
        if (className == null || !className.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a Java class name: " + className);
        }
        return "import io.archlab.sandbox.dsl.*;\n\n"
                + "/**\n"
                + " * NAS-Bench-201 network of the cell " + arch + ":\n"
                + " * a 3x3 stem with 16 channels, three stages of " + CELLS_PER_STAGE + " cells at 16, 32 and 64 "
                + "channels joined by\n"
                + " * residual reduction blocks, then batch norm, ReLU, global average pooling and a linear "
                + "classifier.\n"
                + " */\n"
                + "public final class " + className + " implements Architecture {\n"
                + "    static final int CELLS = " + CELLS_PER_STAGE + ";   // cells per stage\n\n"
                + "    @Override\n"
                + "    public Tensor forward(Net n, Tensor x) {\n"
                + "        Tensor h = n.conv2d(x, " + STEM_CHANNELS + ", 3).batchNorm();   // stem\n"
                + "        for (int stage = 0; stage < 3; stage++) {\n"
                + "            if (stage > 0) {\n"
                + "                h = reduction(n, h, " + STEM_CHANNELS + " << stage);\n"
                + "            }\n"
                + "            for (int i = 0; i < CELLS; i++) {\n"
                + "                h = cell(n, h);\n"
                + "            }\n"
                + "        }\n"
                + "        return n.linear(h.batchNorm().relu().globalAvgPool(), n.numClasses());\n"
                + "    }\n\n"
                + "    /** The cell " + arch + ": node j sums its incoming edges' ops. */\n"
                + "    static Tensor cell(Net n, Tensor n0) {\n"
                + cellBody(arch)
                + "        return n3;\n"
                + "    }\n\n"
                + "    /** nor_conv_kxk: ReLU, k x k convolution keeping the channels, batch norm. */\n"
                + "    static Tensor norConv(Net n, Tensor x, int k) {\n"
                + "        return n.conv2d(x.relu(), x.dim(1), k).batchNorm();\n"
                + "    }\n\n"
                + "    /** Residual block halving the resolution: ReLU-conv3x3/2-BN, ReLU-conv3x3-BN, plus avgPool-conv1x1. */\n"
                + "    static Tensor reduction(Net n, Tensor x, int c) {\n"
                + "        Tensor h = n.conv2d(x.relu(), c, 3, 2, 1).batchNorm();\n"
                + "        h = n.conv2d(h.relu(), c, 3).batchNorm();\n"
                + "        return h.add(n.conv2d(x.avgPool(2), c, 1));\n"
                + "    }\n"
                + "}\n";
    }

    private static String cellBody(Nb201Arch arch) {
        StringBuilder sb = new StringBuilder();
        for (int to = 1; to <= 3; to++) {
            List<String> terms = new ArrayList<>();
            for (int from = 0; from < to; from++) {
                String v = "n" + from;
                switch (arch.op(to, from)) {
                    case SKIP_CONNECT:
                        terms.add(v);
                        break;
                    case NOR_CONV_1X1:
                        terms.add("norConv(n, " + v + ", 1)");
                        break;
                    case NOR_CONV_3X3:
                        terms.add("norConv(n, " + v + ", 3)");
                        break;
                    case AVG_POOL_3X3:
                        terms.add(v + ".avgPool(3, 1, 1)");
                        break;
                    default:
                        break;
                }
            }
            sb.append("        Tensor n").append(to).append(" = ");
            if (terms.isEmpty()) {
                sb.append("n0.mul(0.0);   // no incoming op: zero\n");
            } else {
                sb.append(terms.get(0));
                for (String t : terms.subList(1, terms.size())) {
                    sb.append(".add(").append(t).append(')');
                }
                sb.append(";\n");
            }
        }
        return sb.toString();
    }
}
