package io.archlab.sandbox.compile;

import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.Node;
import io.archlab.sandbox.ir.Op;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link Graph} back as DSL source, so that every candidate, whoever proposed it, is stored
 * and shown as code. Tracing the written source gives back the same IR. Single-use chains are
 * written as method chains ({@code n.conv2d(x, 16, 3).batchNorm().relu()}).
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
            String e = call(n.op(), in, i == g.output() ? g.numClasses() : -1);
            if (i == g.output()) {
                expr[i] = e;
                break;
            }
            if (inlinable(g, i, e)) {
                expr[i] = e;
            } else {
                String v = "h" + (++vars);
                body.append("        Tensor ").append(v).append(" = ").append(e).append(";")
                        .append("  // ").append(shape(n.shape())).append('\n');
                expr[i] = v;
            }
        }
        String cls = className(name);
        return "import io.archlab.sandbox.dsl.*;\n\n"
                + "/** " + sanitizeComment(comment) + " */\n"
                + "public final class " + cls + " implements Architecture {\n"
                + "    @Override\n"
                + "    public Tensor forward(Net n, Tensor x) {  // x: " + shape(g.inputShape()) + "\n"
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
        boolean layerCall = next.op() instanceof Op.Conv2d || next.op() instanceof Op.Linear;
        return !layerCall || !e.contains("n.");
    }

    private static String call(Op op, List<String> in, int numClasses) {
        String x = in.isEmpty() ? "" : in.get(0);
        if (op instanceof Op.Conv2d c) {
            if (c.stride() == 1 && c.padding() == c.kernel() / 2) {
                return "n.conv2d(" + x + ", " + c.outChannels() + ", " + c.kernel() + ")";
            }
            return "n.conv2d(" + x + ", " + c.outChannels() + ", " + c.kernel() + ", " + c.stride() + ", "
                    + c.padding() + ")";
        } else if (op instanceof Op.Linear l) {
            String out = l.outFeatures() == numClasses ? "n.numClasses()" : Integer.toString(l.outFeatures());
            return "n.linear(" + x + ", " + out + ")";
        } else if (op instanceof Op.BatchNorm) {
            return x + ".batchNorm()";
        } else if (op instanceof Op.Activation a) {
            return x + "." + a.fn().name().toLowerCase(Locale.ROOT) + "()";
        } else if (op instanceof Op.Pool p) {
            String m = p.kind() == Op.Pool.Kind.MAX ? "maxPool" : "avgPool";
            return x + "." + m + "(" + p.kernel() + (p.stride() == p.kernel() ? "" : ", " + p.stride()) + ")";
        } else if (op instanceof Op.Flatten) {
            return x + ".flatten()";
        } else if (op instanceof Op.Add) {
            return x + ".add(" + in.get(1) + ")";
        }
        throw new IllegalArgumentException("no DSL form for " + op);
    }

    private static String shape(List<Integer> s) {
        StringBuilder sb = new StringBuilder("[B");
        for (int d : s) {
            sb.append(", ").append(d);
        }
        return sb.append(']').toString();
    }

    private static String sanitizeComment(String s) {
        return s == null ? "" : s.replace("*/", "* /").replace('\n', ' ').replace("\\u", "\\ u");
    }
}
