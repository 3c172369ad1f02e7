package io.archlab.app.web;

import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.IrDiff;
import io.archlab.sandbox.ir.Node;
import io.archlab.sandbox.ir.Op;
import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A diagram of a candidate's IR, laid out on the server and drawn as SVG by the template: one row
 * per depth (longest path from the input), nodes of a row side by side, an edge from each input.
 * Graphs past {@link #MAX_NODES} nodes are drawn up to that node, and the page says so.
 */
public final class IrDiagram {
    static final int MAX_NODES = 400;
    static final double W = 190;
    static final double H = 40;
    static final double GAP_X = 22;
    static final double GAP_Y = 30;
    static final double MARGIN = 12;

    private IrDiagram() {
    }

    /**
     * One node's box.
     *
     * @param kind CSS class: {@code input}, {@code weights}, {@code norm}, {@code act}, {@code join},
     *             {@code shape} or {@code other}
     */
    @TemplateData
    public record Box(int id, double x, double y, double w, double h, String op, String shape, String title,
            String kind) {
        public double textX() {
            return x + 8;
        }

        public double line1() {
            return y + 16;
        }

        public double line2() {
            return y + 32;
        }
    }

    /** An edge as an SVG path. */
    @TemplateData
    public record Wire(String d) {
    }

    @TemplateData
    public record Diagram(double width, double height, List<Box> boxes, List<Wire> wires, int nodes, int drawn) {
        public boolean cut() {
            return drawn < nodes;
        }
    }

    public static Diagram of(Graph g) {
        int n = Math.min(g.nodes().size(), MAX_NODES);
        int[] depth = new int[n];
        Map<Integer, List<Integer>> rows = new HashMap<>();
        int maxRow = 0;
        for (int i = 0; i < n; i++) {
            Node node = g.node(i);
            int d = 0;
            for (int in : node.inputs()) {
                d = Math.max(d, depth[in] + 1);
            }
            depth[i] = node.op() instanceof Op.Param ? 0 : d;
            rows.computeIfAbsent(depth[i], k -> new ArrayList<>()).add(i);
            maxRow = Math.max(maxRow, depth[i]);
        }
        int widest = rows.values().stream().mapToInt(List::size).max().orElse(1);
        double width = 2 * MARGIN + widest * W + (widest - 1) * GAP_X;
        double[][] at = new double[n][];
        List<Box> boxes = new ArrayList<>();
        for (int r = 0; r <= maxRow; r++) {
            List<Integer> row = rows.getOrDefault(r, List.of());
            double rowWidth = row.size() * W + Math.max(0, row.size() - 1) * GAP_X;
            double x0 = (width - rowWidth) / 2;
            for (int k = 0; k < row.size(); k++) {
                Node node = g.node(row.get(k));
                double x = x0 + k * (W + GAP_X);
                double y = MARGIN + r * (H + GAP_Y);
                at[node.id()] = new double[] {x, y};
                boxes.add(new Box(node.id(), x, y, W, H, label(node), shape(node), title(node), kind(node.op())));
            }
        }
        List<Wire> wires = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int in : g.node(i).inputs()) {
                double x1 = at[in][0] + W / 2;
                double y1 = at[in][1] + H;
                double x2 = at[i][0] + W / 2;
                double y2 = at[i][1];
                double mid = (y2 - y1) / 2;
                wires.add(new Wire(String.format(Locale.ROOT, "M%.1f %.1f C%.1f %.1f %.1f %.1f %.1f %.1f", x1, y1,
                        x1, y1 + mid, x2, y2 - mid, x2, y2)));
            }
        }
        double height = 2 * MARGIN + (maxRow + 1) * H + maxRow * GAP_Y;
        return new Diagram(width, height, boxes, wires, g.nodes().size(), n);
    }

    /** Short names of op fields; fields not listed keep their name. */
    private static final Map<String, String> SHORT = Map.of("outChannels", "out", "outFeatures", "out",
            "kernel", "k", "stride", "s", "padding", "p", "dilation", "d", "groups", "g", "keepDims", "keep");

    /** {@code 3 conv2d out=16 k=3 s=1 p=1}: id, op and its settings that say something, short enough for the box. */
    static String label(Node node) {
        String full = IrDiff.describe(node.op());
        String name = node.op().name();
        StringBuilder s = new StringBuilder().append(node.id()).append(' ').append(name);
        if (full.contains("(")) {
            for (String field : full.substring(full.indexOf('(') + 1, full.length() - 1).split(", ")) {
                int eq = field.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = field.substring(0, eq);
                String value = field.substring(eq + 1);
                boolean redundant = key.equals("dims") || key.equals("kind") || key.equals("fn")
                        || (key.equals("dilation") || key.equals("groups")) && value.equals("1")
                        || key.equals("bias") && value.equals("true") || value.equalsIgnoreCase(name);
                if (!redundant) {
                    s.append(' ').append(SHORT.getOrDefault(key, key)).append('=').append(value);
                }
            }
        }
        return s.length() > 30 ? s.substring(0, 29) + "…" : s.toString();
    }

    static String shape(Node node) {
        String s = node.shape().toString() + (node.params() > 0 ? String.format(Locale.ROOT, " · %,d p", node.params())
                : "");
        return s.length() > 32 ? s.substring(0, 31) + "…" : s;
    }

    static String title(Node node) {
        return String.format(Locale.ROOT, "%s\ninputs %s → shape %s\n%,d parameters, %,d MACs", IrDiff.describe(node.op()),
                node.inputs(), node.shape(), node.params(), node.macs());
    }

    static String kind(Op op) {
        if (op instanceof Op.Input) {
            return "input";
        }
        if (op instanceof Op.Conv || op instanceof Op.Linear || op instanceof Op.Embedding || op instanceof Op.Param) {
            return "weights";
        }
        if (op instanceof Op.Norm) {
            return "norm";
        }
        if (op instanceof Op.Unary || op instanceof Op.Scalar || op instanceof Op.Softmax) {
            return "act";
        }
        if (op instanceof Op.Binary || op instanceof Op.Concat || op instanceof Op.MatMul) {
            return "join";
        }
        if (op instanceof Op.Reshape || op instanceof Op.Permute || op instanceof Op.Slice || op instanceof Op.Pool
                || op instanceof Op.GlobalPool || op instanceof Op.Upsample || op instanceof Op.Patchify) {
            return "shape";
        }
        return "other";
    }
}
