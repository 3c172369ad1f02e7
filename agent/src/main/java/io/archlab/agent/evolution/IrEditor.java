package io.archlab.agent.evolution;

import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.GraphBuilder;
import io.archlab.sandbox.ir.Node;
import io.archlab.sandbox.ir.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * Structural edits of an IR graph. Each edit returns a new graph rebuilt through
 * {@link GraphBuilder}, so shapes and parameter counts are re-inferred and a broken edit raises a
 * {@link io.archlab.sandbox.ir.ShapeException}.
 */
final class IrEditor {
    private IrEditor() {
    }

    /** Replaces the op of node {@code id}. */
    static Graph replace(Graph g, int id, Op op) {
        List<Op> ops = ops(g);
        ops.set(id, op);
        return GraphBuilder.rebuild(g.inputShape(), g.numClasses(), g.vocab(), ops, wiring(g), g.output());
    }

    /**
     * Inserts a chain of single-input ops after node {@code id}: the first reads {@code id}, each
     * next one reads the previous, and every former reader of {@code id} reads the chain's end.
     */
    static Graph insertAfter(Graph g, int id, List<Op> chain) {
        int k = chain.size();
        List<Op> ops = new ArrayList<>();
        List<List<Integer>> wires = new ArrayList<>();
        for (Node n : g.nodes()) {
            int i = n.id();
            ops.add(n.op());
            wires.add(n.inputs().stream().map(in -> in == id ? id + k : shift(in, id, k)).toList());
            if (i == id) {
                for (int j = 0; j < k; j++) {
                    ops.add(chain.get(j));
                    wires.add(List.of(id + j));
                }
            }
        }
        int out = g.output() == id ? id + k : shift(g.output(), id, k);
        return GraphBuilder.rebuild(g.inputShape(), g.numClasses(), g.vocab(), ops, wires, out);
    }

    /** Adds {@code id + from} (a residual) right after {@code id}; readers of {@code id} read the sum. */
    static Graph addSkip(Graph g, int from, int id) {
        List<Op> ops = new ArrayList<>();
        List<List<Integer>> wires = new ArrayList<>();
        for (Node n : g.nodes()) {
            ops.add(n.op());
            wires.add(n.inputs().stream().map(in -> in == id ? id + 1 : shift(in, id, 1)).toList());
            if (n.id() == id) {
                ops.add(new Op.Binary(Op.Binary.Fn.ADD));
                wires.add(List.of(id, from));
            }
        }
        int out = g.output() == id ? id + 1 : shift(g.output(), id, 1);
        return GraphBuilder.rebuild(g.inputShape(), g.numClasses(), g.vocab(), ops, wires, out);
    }

    /**
     * Removes the chain {@code first..last} (consecutive ids, each read only by the next) and makes
     * the readers of {@code last} read the chain's input instead.
     */
    static Graph bypass(Graph g, int first, int last) {
        int source = g.node(first).inputs().get(0);
        int k = last - first + 1;
        List<Op> ops = new ArrayList<>();
        List<List<Integer>> wires = new ArrayList<>();
        for (Node n : g.nodes()) {
            int i = n.id();
            if (i >= first && i <= last) {
                continue;
            }
            ops.add(n.op());
            wires.add(n.inputs().stream().map(in -> in == last ? source : (in > last ? in - k : in)).toList());
        }
        int out = g.output() == last ? source : (g.output() > last ? g.output() - k : g.output());
        return GraphBuilder.rebuild(g.inputShape(), g.numClasses(), g.vocab(), ops, wires, out);
    }

    private static int shift(int in, int after, int k) {
        return in > after ? in + k : in;
    }

    private static List<Op> ops(Graph g) {
        return new ArrayList<>(g.nodes().stream().map(Node::op).toList());
    }

    private static List<List<Integer>> wiring(Graph g) {
        return g.nodes().stream().map(Node::inputs).toList();
    }
}
