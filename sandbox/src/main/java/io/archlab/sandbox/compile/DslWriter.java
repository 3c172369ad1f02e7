package io.archlab.sandbox.compile;

import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.Node;
import io.archlab.sandbox.ir.Op;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes a {@link Graph} back as DSL source, so that every candidate, whoever proposed it, is stored
 * and shown as code. Tracing the written source gives back the same IR (same hash). Single-use
 * values are written as method chains ({@code n.conv2d(x, 16, 3).batchNorm().relu()}).
 */
public final class DslWriter {
    private DslWriter() {
    }

    /** Source of a class named after {@code name}, with {@code comment} as its javadoc. */
    public static String write(Graph g, String name, String comment) {
        String[] expr = new String[g.nodes().size()];
        expr[0] = "x";
        StringBuilder body = new StringBuilder();
        int vars = 0;
        for (int i = 1; i < expr.length; i++) {
            Node n = g.node(i);
            List<String> in = n.inputs().stream().map(id -> expr[id]).toList();
            String e = call(n, in, g);
            if (i == g.output()) {
                expr[i] = e;
                break;
            }
            if (inlinable(g, i, e)) {
                expr[i] = e;
            } else {
                String v = "h" + (++vars);
                body.append("        Tensor ").append(v).append(" = ").append(e).append(";")
                        .append("  // ").append(io.archlab.sandbox.ir.Shapes.show(n.shape())).append('\n');
                expr[i] = v;
            }
        }
        String cls = className(name);
        return "import io.archlab.sandbox.dsl.*;\n\n"
                + "/** " + sanitizeComment(comment) + " */\n"
                + "public final class " + cls + " implements Architecture {\n"
                + "    @Override\n"
                + "    public Tensor forward(Net n, Tensor x) {  // x: " + io.archlab.sandbox.ir.Shapes.show(g.inputShape())
                + "\n"
                + body
                + "        return " + expr[g.output()] + ";\n"
                + "    }\n"
                + "}\n";
    }

    /** A valid Java class name derived from a candidate name. */
    public static String className(String name) {
        StringBuilder sb = new StringBuilder();
        boolean upper = true;
        for (char c : name.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128) {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        if (sb.length() == 0 || !Character.isJavaIdentifierStart(sb.charAt(0))) {
            sb.insert(0, "Candidate");
        }
        return sb.toString();
    }

    /**
     * Whether node {@code i} can be written inside its only reader, the next node: as the receiver
     * of a tensor method, or as the argument of a layer call when it creates no layer itself.
     */
    private static boolean inlinable(Graph g, int i, String e) {
        List<Integer> consumers = g.consumers(i);
        if (consumers.size() != 1 || consumers.get(0) != i + 1) {
            return false;
        }
        Node next = g.node(i + 1);
        if (next.inputs().get(0) != i || Collections.frequency(next.inputs(), i) != 1) {
            return false;
        }
        boolean layerCall = next.op() instanceof Op.Conv || next.op() instanceof Op.Linear
                || next.op() instanceof Op.Embedding || next.op() instanceof Op.Concat;
        return !layerCall || !e.contains("n.");
    }

    private static String call(Node node, List<String> in, Graph g) {
        Op op = node.op();
        String x = in.isEmpty() ? "" : in.get(0);
        if (op instanceof Op.Param p) {
            String dims = ints(p.shape());
            return switch (p.init()) {
                case NORMAL -> "n.parameter(" + dims + ")";
                case ONES -> "n.parameter(true, " + dims + ")";
                case ZEROS -> "n.parameter(false, " + dims + ")";
            };
        } else if (op instanceof Op.Linear l) {
            String out = l.outFeatures() == g.numClasses() && node.id() == g.output() ? "n.numClasses()"
                    : Integer.toString(l.outFeatures());
            return "n.linear(" + x + ", " + out + (l.bias() ? "" : ", false") + ")";
        } else if (op instanceof Op.Conv c) {
            return conv(c, x, g.node(node.inputs().get(0)).shape().get(0));
        } else if (op instanceof Op.Embedding e) {
            return "n.embedding(" + x + ", " + e.dim() + ")";
        } else if (op instanceof Op.Norm nm) {
            return switch (nm.kind()) {
                case BATCH -> x + ".batchNorm()";
                case LAYER -> x + ".layerNorm()";
                case RMS -> x + ".rmsNorm()";
                case GROUP -> x + ".groupNorm(" + nm.groups() + ")";
            };
        } else if (op instanceof Op.Unary u) {
            return x + "." + u.name() + "()";
        } else if (op instanceof Op.Scalar s) {
            return x + "." + s.name() + "(" + num(s.value()) + ")";
        } else if (op instanceof Op.Binary b) {
            return x + "." + b.name() + "(" + in.get(1) + ")";
        } else if (op instanceof Op.MatMul) {
            return x + ".matmul(" + in.get(1) + ")";
        } else if (op instanceof Op.Reduce r) {
            String axes = r.axes().stream().map(a -> Integer.toString(a + 1)).collect(Collectors.joining(", "));
            return r.keepDims() || r.axes().size() > 1 ? x + "." + r.name() + "(" + r.keepDims() + ", " + axes + ")"
                    : x + "." + r.name() + "(" + axes + ")";
        } else if (op instanceof Op.Softmax s) {
            return x + "." + s.name() + "(" + (s.axis() + 1) + ")";
        } else if (op instanceof Op.CumSum c) {
            return x + ".cumsum(" + (c.axis() + 1) + ")";
        } else if (op instanceof Op.Reshape r) {
            List<Integer> inShape = g.node(node.inputs().get(0)).shape();
            if (r.shape().size() == 1 && inShape.size() > 1) {
                return x + ".flatten()";
            }
            return x + ".reshape(" + ints(r.shape()) + ")";
        } else if (op instanceof Op.Permute p) {
            return x + ".permute(0, " + p.order().stream().map(a -> Integer.toString(a + 1))
                    .collect(Collectors.joining(", ")) + ")";
        } else if (op instanceof Op.Concat c) {
            return "n.concat(" + (c.axis() + 1) + ", " + String.join(", ", in) + ")";
        } else if (op instanceof Op.Slice s) {
            return x + ".slice(" + (s.axis() + 1) + ", " + s.start() + ", " + s.end() + ")";
        } else if (op instanceof Op.Pool p) {
            String m = p.kind() == Op.Pool.Kind.MAX ? "maxPool" : "avgPool";
            if (p.padding() != 0) {
                return x + "." + m + "(" + p.kernel() + ", " + p.stride() + ", " + p.padding() + ")";
            }
            return x + "." + m + "(" + p.kernel() + (p.stride() == p.kernel() ? "" : ", " + p.stride()) + ")";
        } else if (op instanceof Op.GlobalPool gp) {
            return x + "." + gp.name() + "()";
        } else if (op instanceof Op.Upsample u) {
            return x + ".upsample(" + u.scale() + ")";
        } else if (op instanceof Op.Patchify p) {
            return x + ".patchify(" + p.patch() + ")";
        } else if (op instanceof Op.Dropout d) {
            return x + ".dropout(" + num(d.rate()) + ")";
        }
        throw new IllegalArgumentException("no DSL form for " + op);
    }

    private static String conv(Op.Conv c, String x, int inChannels) {
        boolean same = c.stride() == 1 && c.padding() == c.kernel() / 2 && c.dilation() == 1;
        if (c.dims() == 2 && c.groups() == inChannels && c.outChannels() == inChannels && c.dilation() == 1
                && c.padding() == c.kernel() / 2 && inChannels > 1) {
            return "n.depthwiseConv2d(" + x + ", " + c.kernel() + (c.stride() == 1 ? "" : ", " + c.stride()) + ")";
        }
        String f = c.dims() == 2 ? "n.conv2d(" : "n.conv1d(";
        if (same && c.groups() == 1) {
            return f + x + ", " + c.outChannels() + ", " + c.kernel() + ")";
        }
        if (c.dims() == 2 && c.groups() == 1 && c.dilation() == 1) {
            return f + x + ", " + c.outChannels() + ", " + c.kernel() + ", " + c.stride() + ", " + c.padding() + ")";
        }
        return f + x + ", " + c.outChannels() + ", " + c.kernel() + ", " + c.stride() + ", " + c.padding() + ", "
                + c.dilation() + ", " + c.groups() + ")";
    }

    private static String ints(List<Integer> xs) {
        return xs.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return Double.toString(v);
    }

    private static String sanitizeComment(String s) {
        return s == null ? "" : s.replace("*/", "* /").replace('\n', ' ').replace("\\u", "\\ u");
    }
}
