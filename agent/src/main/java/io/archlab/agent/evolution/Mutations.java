package io.archlab.agent.evolution;

import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.Node;
import io.archlab.sandbox.ir.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;

/** The mutations of the evolutionary proposer: widen or narrow, add or remove a layer, change a
 * kernel or an activation, add a residual connection. */
final class Mutations {
    static final int MIN_WIDTH = 4;
    static final int MAX_WIDTH = 512;
    private static final int[] KERNELS = {1, 3, 5, 7};

    private Mutations() {
    }

    static List<Mutation> all() {
        return List.of(resize(), addLayer(), removeLayer(), changeKernel(), changeActivation(), addResidual());
    }

    /** Multiplies the width of a conv or hidden linear layer by 2, 1.5, 0.75 or 0.5. */
    static Mutation resize() {
        return simple("resize", (g, r) -> {
            List<Node> layers = nodes(g, n -> (n.op() instanceof Op.Conv c && c.groups() == 1
                    || n.op() instanceof Op.Linear) && n.id() != g.output());
            if (layers.isEmpty()) {
                return Optional.empty();
            }
            Node n = pick(layers, r);
            double[] factors = {2, 1.5, 0.75, 0.5};
            double f = factors[r.nextInt(factors.length)];
            int old = n.shape().get(0);
            int width = Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, (int) Math.round(old * f / 4.0) * 4));
            if (width == old) {
                return Optional.empty();
            }
            Op op = n.op() instanceof Op.Conv c
                    ? new Op.Conv(c.dims(), width, c.kernel(), c.stride(), c.padding(), c.dilation(), 1)
                    : new Op.Linear(width, ((Op.Linear) n.op()).bias());
            String verb = width > old ? "widen" : "narrow";
            return Optional.of(new Mutation.Mutated(IrEditor.replace(g, n.id(), op),
                    verb + " " + label(n) + " " + old + " -> " + width));
        });
    }

    /** Inserts conv-BN-ReLU after a feature map, or linear-ReLU after a hidden feature vector. */
    static Mutation addLayer() {
        return simple("add-layer", (g, r) -> {
            List<Node> sites = nodes(g, n -> n.id() != g.output()
                    && !(n.op() instanceof Op.Param)
                    && (n.shape().size() == 3 || (n.shape().size() == 1 && n.id() != 0)));
            if (sites.isEmpty()) {
                return Optional.empty();
            }
            Node n = pick(sites, r);
            if (n.shape().size() == 3) {
                int c = n.shape().get(0);
                int k = r.nextBoolean() ? 3 : 1;
                return Optional.of(new Mutation.Mutated(IrEditor.insertAfter(g, n.id(), List.of(
                        new Op.Conv(2, c, k, 1, k / 2, 1, 1), new Op.Norm(Op.Norm.Kind.BATCH, 1),
                        new Op.Unary(Op.Unary.Fn.RELU))),
                        "add conv" + k + "x" + k + "-bn-relu (" + c + " ch) after value " + n.id()));
            }
            int f = n.shape().get(0);
            return Optional.of(new Mutation.Mutated(IrEditor.insertAfter(g, n.id(), List.of(
                    new Op.Linear(f, true), new Op.Unary(Op.Unary.Fn.RELU))),
                    "add linear(" + f + ")-relu after value " + n.id()));
        });
    }

    /** Removes a conv or hidden linear layer (with the BN and activation right after it), or a pool. */
    static Mutation removeLayer() {
        return simple("remove-layer", (g, r) -> {
            List<int[]> chains = new ArrayList<>();
            for (Node n : g.nodes()) {
                boolean layer = n.op() instanceof Op.Conv || n.op() instanceof Op.Linear
                        || n.op() instanceof Op.Pool;
                if (!layer || n.id() == g.output()) {
                    continue;
                }
                int last = n.id();
                while (soleReaderIsNext(g, last) && isNormOrAct(g.node(last + 1).op())) {
                    last++;
                }
                if (last != g.output() && g.weightLayers() > 1) {
                    chains.add(new int[] {n.id(), last});
                }
            }
            if (chains.isEmpty()) {
                return Optional.empty();
            }
            int[] c = pick(chains, r);
            return Optional.of(new Mutation.Mutated(IrEditor.bypass(g, c[0], c[1]),
                    "remove " + label(g.node(c[0]))));
        });
    }

    /** Changes a convolution's kernel size, keeping "same" padding. */
    static Mutation changeKernel() {
        return simple("kernel", (g, r) -> {
            List<Node> convs = nodes(g, n -> n.op() instanceof Op.Conv);
            if (convs.isEmpty()) {
                return Optional.empty();
            }
            Node n = pick(convs, r);
            Op.Conv c = (Op.Conv) n.op();
            int k = KERNELS[r.nextInt(KERNELS.length)];
            if (k == c.kernel()) {
                return Optional.empty();
            }
            int pad = c.padding() == c.kernel() / 2 ? k / 2 : c.padding();
            return Optional.of(new Mutation.Mutated(IrEditor.replace(g, n.id(), new Op.Conv(c.dims(), c.outChannels(),
                    k, c.stride(), pad, c.dilation(), c.groups())), "kernel of " + label(n) + " " + c.kernel() + " -> "
                    + k));
        });
    }

    /** Swaps an activation function for another. */
    static Mutation changeActivation() {
        return simple("activation", (g, r) -> {
            List<Node> acts = nodes(g, n -> n.op() instanceof Op.Unary u && u.fn().isActivation());
            if (acts.isEmpty()) {
                return Optional.empty();
            }
            Node n = pick(acts, r);
            Op.Unary.Fn old = ((Op.Unary) n.op()).fn();
            List<Op.Unary.Fn> choices = new ArrayList<>(List.of(Op.Unary.Fn.RELU, Op.Unary.Fn.GELU,
                    Op.Unary.Fn.SILU, Op.Unary.Fn.TANH));
            choices.remove(old);
            Op.Unary.Fn fn = pick(choices, r);
            return Optional.of(new Mutation.Mutated(IrEditor.replace(g, n.id(), new Op.Unary(fn)),
                    "activation at value " + n.id() + " " + lower(old) + " -> " + lower(fn)));
        });
    }

    /** Adds a residual connection between two values of equal shape a few ops apart. */
    static Mutation addResidual() {
        return simple("residual", (g, r) -> {
            List<int[]> pairs = new ArrayList<>();
            for (Node b : g.nodes()) {
                if (b.id() == 0 || b.id() == g.output() || isAdd(b.op()) || b.op() instanceof Op.Param) {
                    continue;
                }
                for (int a = Math.max(0, b.id() - 8); a <= b.id() - 2; a++) {
                    Node na = g.node(a);
                    if (na.shape().equals(b.shape()) && isAncestor(g, a, b.id())
                            && !isAdd(g.node(a).op()) && !(na.op() instanceof Op.Param) && a != 0) {
                        pairs.add(new int[] {a, b.id()});
                    }
                }
            }
            if (pairs.isEmpty()) {
                return Optional.empty();
            }
            int[] p = pick(pairs, r);
            return Optional.of(new Mutation.Mutated(IrEditor.addSkip(g, p[0], p[1]),
                    "residual from value " + p[0] + " to value " + p[1]));
        });
    }

    private interface Body {
        Optional<Mutation.Mutated> apply(Graph g, Random r);
    }

    private static Mutation simple(String name, Body body) {
        return new Mutation() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Optional<Mutated> apply(Graph g, Random random) {
                return body.apply(g, random);
            }
        };
    }

    private static boolean soleReaderIsNext(Graph g, int id) {
        List<Integer> readers = g.consumers(id);
        return readers.size() == 1 && readers.get(0) == id + 1 && id + 1 < g.nodes().size()
                && g.node(id + 1).inputs().size() == 1;
    }

    private static boolean isNormOrAct(Op op) {
        return op instanceof Op.Norm || op instanceof Op.Unary u && u.fn().isActivation();
    }

    private static boolean isAdd(Op op) {
        return op instanceof Op.Binary b && b.fn() == Op.Binary.Fn.ADD;
    }

    private static boolean isAncestor(Graph g, int a, int b) {
        boolean[] reach = new boolean[b + 1];
        reach[b] = true;
        for (int i = b; i > a; i--) {
            if (reach[i]) {
                for (int in : g.node(i).inputs()) {
                    reach[in] = true;
                }
            }
        }
        return reach[a];
    }

    private static List<Node> nodes(Graph g, Predicate<Node> p) {
        return g.nodes().stream().filter(p).toList();
    }

    private static <T> T pick(List<T> items, Random r) {
        return items.get(r.nextInt(items.size()));
    }

    private static String label(Node n) {
        if (n.op() instanceof Op.Conv c) {
            return "conv" + c.kernel() + "x" + c.kernel() + " at value " + n.id();
        } else if (n.op() instanceof Op.Linear) {
            return "linear at value " + n.id();
        }
        return n.op().getClass().getSimpleName().toLowerCase() + " at value " + n.id();
    }

    private static String lower(Op.Unary.Fn fn) {
        return fn.name().toLowerCase();
    }
}
