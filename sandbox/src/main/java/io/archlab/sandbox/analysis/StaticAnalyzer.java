package io.archlab.sandbox.analysis;

import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.Node;
import io.archlab.sandbox.ir.Op;
import io.archlab.sandbox.ir.Shapes;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures an IR graph without running it: parameters, MACs and FLOPs per op, and peak activation
 * memory by liveness over the graph's topological order (a value is freed after its last reader;
 * reshapes and dropout alias their input; learnable tensors are weights, not activations).
 */
public final class StaticAnalyzer {
    private StaticAnalyzer() {
    }

    public static Analysis analyze(Graph g, int trainingBatch) {
        List<Analysis.OpCost> ops = new ArrayList<>();
        long flops = 0;
        long allActivations = 0;
        for (Node n : g.nodes()) {
            long f = n.macs() > 0 ? 2 * n.macs() : elementwise(n);
            flops += f;
            ops.add(new Analysis.OpCost(n.id(), n.op().name(), n.shape(), n.params(), n.macs(), f));
            if (!(n.op() instanceof Op.Param) && !n.op().isView()) {
                allActivations += Shapes.numel(n.shape());
            }
        }
        long peak = peakElements(g);
        long params = g.params();
        long training = 4L * allActivations * trainingBatch + 4L * params * 4;
        return new Analysis(params, g.macs(), flops, 4 * peak, peak, training, trainingBatch, List.copyOf(ops));
    }

    private static long elementwise(Node n) {
        if (n.op() instanceof Op.Input || n.op() instanceof Op.Param || n.op().isView()
                || n.op() instanceof Op.Permute || n.op() instanceof Op.Slice || n.op() instanceof Op.Concat) {
            return 0;
        }
        return Shapes.numel(n.shape());
    }

    /** Peak number of live activation elements at batch 1. */
    static long peakElements(Graph g) {
        int count = g.nodes().size();
        int[] buffer = new int[count];
        int[] lastUse = new int[count];
        for (int i = 0; i < count; i++) {
            Node n = g.node(i);
            buffer[i] = n.op().isView() ? buffer[n.inputs().get(0)] : i;
            lastUse[i] = i;
        }
        for (Node n : g.nodes()) {
            for (int in : n.inputs()) {
                int b = buffer[in];
                lastUse[b] = Math.max(lastUse[b], n.id());
            }
        }
        lastUse[buffer[g.output()]] = count;
        long live = 0;
        long peak = 0;
        for (int i = 0; i < count; i++) {
            Node n = g.node(i);
            boolean owns = buffer[i] == i && !(n.op() instanceof Op.Param);
            if (owns) {
                live += Shapes.numel(n.shape());
            }
            peak = Math.max(peak, live);
            for (int b = 0; b <= i; b++) {
                if (buffer[b] == b && lastUse[b] == i && !(g.node(b).op() instanceof Op.Param) && b != i) {
                    live -= Shapes.numel(g.node(b).shape());
                }
            }
        }
        return peak;
    }
}
