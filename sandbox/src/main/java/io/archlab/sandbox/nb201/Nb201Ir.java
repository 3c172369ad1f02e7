package io.archlab.sandbox.nb201;

import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.Node;
import io.archlab.sandbox.ir.Op;
import io.archlab.sandbox.ir.Shapes;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * From a candidate's IR back to its NAS-Bench-201 cell, whoever wrote the DSL: the macro skeleton is
 * matched op by op (stem, two reduction blocks, head), the values every path passes through (the
 * dominators of the network's output) are split into 3 x {@link Nb201Dsl#CELLS_PER_STAGE} identical
 * cells, and the cell is identified by what it computes ({@link CellSignature}). Cells that build
 * the same network (isomorphic ones: a skip connection renamed, or an edge that never reaches the
 * output) have the same IR, so the answer is the representative of the class, the cell of lowest
 * code; {@link #representative} gives it for any cell.
 */
public final class Nb201Ir {
    /** At most this many values make one cell (6 edges of 3 ops, 3 sums, 3 zeros, with room to spare). */
    static final int MAX_CELL_VALUES = 40;

    private Nb201Ir() {
    }

    /**
     * The cell of the NAS-Bench-201 network {@code g}.
     *
     * @throws NotNb201Exception saying what does not fit, when {@code g} is not such a network
     */
    public static Nb201Arch archOf(Graph g) {
        if (g.inputShape().size() != 3) {
            throw new NotNb201Exception("the input is " + Shapes.show(g.inputShape()) + ", not an image [B, C, H, W]");
        }
        int t = head(g);
        List<Integer> chain = dominators(g, 0, t);
        if (chain.size() < 3 || !isConv(g.node(chain.get(1)), Nb201Dsl.STEM_CHANNELS, 3, 1, 1)
                || !isBatchNorm(g.node(chain.get(2)), chain.get(1))) {
            throw new NotNb201Exception("the network does not start with the stem conv2d(" + Nb201Dsl.STEM_CHANNELS
                    + ", 3x3) then batchNorm, every path of the network passing through it");
        }
        List<int[]> reductions = new ArrayList<>();
        for (int k = 3; k < chain.size(); k++) {
            int x = reductionInput(g, chain.get(k));
            if (x >= 0) {
                reductions.add(new int[] {chain.indexOf(x), k});
            }
        }
        if (reductions.size() != 2 || reductions.get(0)[0] < 0 || reductions.get(1)[0] < 0) {
            throw new NotNb201Exception("found " + reductions.size() + " residual reduction block(s) on the path "
                    + "from the stem to the head, expected 2");
        }
        List<List<Integer>> stages = List.of(chain.subList(2, reductions.get(0)[0] + 1),
                chain.subList(reductions.get(0)[1], reductions.get(1)[0] + 1),
                chain.subList(reductions.get(1)[1], chain.size()));
        List<StageCells> cells = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            cells.add(new StageCells(g, stages.get(s), s));
        }
        Map<String, Nb201Arch> reps = CellSignature.representatives();
        StageCells first = cells.get(0);
        List<String> tried = new ArrayList<>();
        for (int j = 0; j < first.size(); j++) {
            String sig = first.signature(0, j);
            if (sig == null || tried.contains(sig) || !reps.containsKey(sig)) {
                continue;
            }
            tried.add(sig);
            if (cells.stream().allMatch(c -> c.splits(sig, Nb201Dsl.CELLS_PER_STAGE))) {
                return reps.get(sig);
            }
        }
        for (StageCells c : cells) {
            String bad = c.foreignValue();
            if (bad != null) {
                throw new NotNb201Exception(bad);
            }
        }
        throw new NotNb201Exception("the stages do not split into 3 x " + Nb201Dsl.CELLS_PER_STAGE
                + " identical NAS-Bench-201 cells (stage values: " + stages.get(0).size() + ", "
                + stages.get(1).size() + ", " + stages.get(2).size() + ")");
    }

    /** The cell of lowest code among those that build the same network as {@code arch}. */
    public static Nb201Arch representative(Nb201Arch arch) {
        return CellSignature.representatives().get(CellSignature.of(arch));
    }

    /** Number of distinct networks among the 15,625 cells (classes of cells with the same IR). */
    public static int distinctNetworks() {
        return CellSignature.representatives().size();
    }

    /** The value the head reads: linear ← globalAvgPool ← relu ← batchNorm ← value. */
    private static int head(Graph g) {
        Node lin = g.node(g.output());
        Node pool = lin.op() instanceof Op.Linear ? g.node(lin.inputs().get(0)) : null;
        Node relu = pool != null && pool.op() instanceof Op.GlobalPool gp && gp.kind() == Op.Pool.Kind.AVG
                ? g.node(pool.inputs().get(0)) : null;
        Node bn = relu != null && isRelu(relu) ? g.node(relu.inputs().get(0)) : null;
        if (bn == null || !(bn.op() instanceof Op.Norm n && n.kind() == Op.Norm.Kind.BATCH)) {
            throw new NotNb201Exception("the output is not batchNorm, relu, globalAvgPool, linear (the head); "
                    + "the output value " + g.output() + " is " + describe(lin));
        }
        return bn.inputs().get(0);
    }

    /**
     * If {@code id} is the sum of a residual reduction block, the block's input; else -1. The block:
     * relu, conv2d(2C, 3x3, stride 2, padding 1), batchNorm, relu, conv2d(2C, 3x3), batchNorm, plus
     * avgPool(2) then conv2d(2C, 1x1), both from the same input of C channels.
     */
    static int reductionInput(Graph g, int id) {
        Node add = g.node(id);
        if (!isAdd(add)) {
            return -1;
        }
        for (int order = 0; order < 2; order++) {
            Node main = g.node(add.inputs().get(order));
            Node side = g.node(add.inputs().get(1 - order));
            int c = add.shape().get(0);
            int x = mainBranch(g, main, c);
            if (x >= 0 && g.node(x).shape().get(0) * 2 == c && isConv(side, c, 1, 1, 0)) {
                Node pool = g.node(side.inputs().get(0));
                if (pool.op() instanceof Op.Pool p && p.kind() == Op.Pool.Kind.AVG && p.kernel() == 2
                        && p.stride() == 2 && p.padding() == 0 && pool.inputs().get(0) == x) {
                    return x;
                }
            }
        }
        return -1;
    }

    /** Input of relu-conv(c, 3x3, stride 2)-BN-relu-conv(c, 3x3)-BN ending at {@code bn2}, or -1. */
    private static int mainBranch(Graph g, Node bn2, int c) {
        Node conv2 = bn2.op() instanceof Op.Norm ? g.node(bn2.inputs().get(0)) : null;
        if (conv2 == null || !isBatchNorm(bn2, conv2.id()) || !isConv(conv2, c, 3, 1, 1)) {
            return -1;
        }
        Node relu2 = g.node(conv2.inputs().get(0));
        Node bn1 = isRelu(relu2) ? g.node(relu2.inputs().get(0)) : null;
        Node conv1 = bn1 != null && bn1.op() instanceof Op.Norm ? g.node(bn1.inputs().get(0)) : null;
        if (conv1 == null || !isBatchNorm(bn1, conv1.id()) || !isConv(conv1, c, 3, 2, 1)) {
            return -1;
        }
        Node relu1 = g.node(conv1.inputs().get(0));
        return isRelu(relu1) ? relu1.inputs().get(0) : -1;
    }

    /**
     * The values every path from {@code from} to {@code to} passes through, in order, both ends
     * included. Ids are a topological order, so one pass computes every value's dominators.
     */
    static List<Integer> dominators(Graph g, int from, int to) {
        int n = g.nodes().size();
        boolean[] reaches = new boolean[n];
        reaches[to] = true;
        for (int v = to; v >= 0; v--) {
            if (reaches[v]) {
                for (int in : g.node(v).inputs()) {
                    reaches[in] = true;
                }
            }
        }
        BitSet[] dom = new BitSet[n];
        for (int v = from; v <= to; v++) {
            if (!reaches[v]) {
                continue;
            }
            if (v == from) {
                dom[v] = new BitSet();
            } else {
                for (int in : g.node(v).inputs()) {
                    if (dom[in] != null) {
                        if (dom[v] == null) {
                            dom[v] = (BitSet) dom[in].clone();
                        } else {
                            dom[v].and(dom[in]);
                        }
                    }
                }
                if (dom[v] == null) {
                    continue;   // not reachable from `from`
                }
            }
            dom[v].set(v);
        }
        List<Integer> out = new ArrayList<>();
        if (dom[to] != null) {
            dom[to].stream().forEach(out::add);
        }
        return out;
    }

    static boolean isConv(Node n, int channels, int kernel, int stride, int padding) {
        return n.op() instanceof Op.Conv c && c.dims() == 2 && c.outChannels() == channels && c.kernel() == kernel
                && c.stride() == stride && c.padding() == padding && c.dilation() == 1 && c.groups() == 1;
    }

    static boolean isBatchNorm(Node n, int input) {
        return n.op() instanceof Op.Norm norm && norm.kind() == Op.Norm.Kind.BATCH && n.inputs().get(0) == input;
    }

    static boolean isRelu(Node n) {
        return n.op() instanceof Op.Unary u && u.fn() == Op.Unary.Fn.RELU;
    }

    static boolean isAdd(Node n) {
        return n.op() instanceof Op.Binary b && b.fn() == Op.Binary.Fn.ADD;
    }

    static boolean isZero(Node n) {
        return n.op() instanceof Op.Scalar s && s.fn() == Op.Scalar.Fn.MUL && s.value() == 0.0;
    }

    static String describe(Node n) {
        return n.op() + " " + Shapes.show(n.shape());
    }

    /** The values of one stage, and the cells they may be split into. */
    private static final class StageCells {
        private final Graph g;
        private final List<Integer> values;
        private final int stage;
        private final int channels;
        private final Map<Long, String> memo = new HashMap<>();

        StageCells(Graph g, List<Integer> values, int stage) {
            this.g = g;
            this.values = values;
            this.stage = stage;
            this.channels = g.node(values.get(0)).shape().get(0);
        }

        int size() {
            return values.size();
        }

        /** Whether the stage is exactly {@code cells} cells of signature {@code sig}. */
        boolean splits(String sig, int cells) {
            int last = values.size() - 1;
            BitSet reach = new BitSet();
            reach.set(0);
            for (int k = 0; k < cells; k++) {
                BitSet next = new BitSet();
                for (int i = reach.nextSetBit(0); i >= 0; i = reach.nextSetBit(i + 1)) {
                    for (int j = i; j <= last; j++) {
                        if (sig.equals(signature(i, j))) {
                            next.set(j);
                        }
                    }
                }
                reach = next;
            }
            return reach.get(last);
        }

        /** The signature of the cell from value {@code i} to value {@code j} of the stage, or null if it is none. */
        String signature(int i, int j) {
            if (i == j) {
                return CellSignature.INPUT;
            }
            String s = memo.computeIfAbsent((long) i << 32 | j, k -> {
                int u = values.get(i);
                int v = values.get(j);
                if (v - u > MAX_CELL_VALUES) {
                    return "";
                }
                try {
                    return CellSignature.print(new CellReader(g, u, channels).terms(v));
                } catch (NotACell e) {
                    return "";
                }
            });
            return s.isEmpty() ? null : s;
        }

        /** The first value of the stage that no NB201 cell contains, described, or null. */
        String foreignValue() {
            int from = values.get(0);
            int to = values.get(values.size() - 1);
            for (int id = from + 1; id <= to; id++) {
                Node n = g.node(id);
                boolean allowed = isAdd(n) || isZero(n) || isRelu(n)
                        || n.op() instanceof Op.Norm norm && norm.kind() == Op.Norm.Kind.BATCH
                        || isConv(n, channels, 1, 1, 0) || isConv(n, channels, 3, 1, 1)
                        || n.op() instanceof Op.Pool p && p.kind() == Op.Pool.Kind.AVG && p.kernel() == 3
                        && p.stride() == 1 && p.padding() == 1;
                if (!allowed) {
                    return "value " + id + " of stage " + (stage + 1) + " (" + channels + " channels) is "
                            + describe(n) + ", which no NAS-Bench-201 cell contains";
                }
            }
            return null;
        }
    }

    /** Reads the expression of one cell, from its output back to its input. */
    private static final class CellReader {
        private final Graph g;
        private final int input;
        private final int channels;
        private final Map<Integer, List<String>> memo = new HashMap<>();

        CellReader(Graph g, int input, int channels) {
            this.g = g;
            this.input = input;
            this.channels = channels;
        }

        List<String> terms(int id) {
            if (id == input) {
                return List.of(CellSignature.INPUT);
            }
            List<String> known = memo.get(id);
            if (known != null) {
                return known;
            }
            if (id < input) {
                throw new NotACell();
            }
            Node n = g.node(id);
            List<String> out;
            if (isAdd(n)) {
                out = new ArrayList<>(terms(n.inputs().get(0)));
                out.addAll(terms(n.inputs().get(1)));
            } else if (isZero(n)) {
                out = List.of(CellSignature.ZERO);
            } else if (n.op() instanceof Op.Pool p && p.kind() == Op.Pool.Kind.AVG && p.kernel() == 3
                    && p.stride() == 1 && p.padding() == 1) {
                out = List.of(CellSignature.pool(terms(n.inputs().get(0))));
            } else if (n.op() instanceof Op.Norm norm && norm.kind() == Op.Norm.Kind.BATCH) {
                Node conv = g.node(n.inputs().get(0));
                int k = isConv(conv, channels, 1, 1, 0) ? 1 : isConv(conv, channels, 3, 1, 1) ? 3 : 0;
                Node relu = k > 0 ? g.node(conv.inputs().get(0)) : null;
                if (relu == null || !isRelu(relu)) {
                    throw new NotACell();
                }
                out = List.of(CellSignature.conv(k, terms(relu.inputs().get(0))));
            } else {
                throw new NotACell();
            }
            memo.put(id, out);
            return out;
        }
    }

    /** The values read do not form an NB201 cell. */
    private static final class NotACell extends RuntimeException {
        NotACell() {
            super(null, null, false, false);
        }
    }
}
