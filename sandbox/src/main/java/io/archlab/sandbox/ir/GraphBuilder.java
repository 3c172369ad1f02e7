package io.archlab.sandbox.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Graph} one op at a time, inferring every shape and parameter count as it goes.
 * The DSL tracer and the IR mutations both build graphs through this class, so there is exactly one
 * place where shapes are checked.
 */
public final class GraphBuilder {
    private final List<Integer> inputShape;
    private final int numClasses;
    private final List<Node> nodes = new ArrayList<>();

    public GraphBuilder(List<Integer> inputShape, int numClasses) {
        if (inputShape.isEmpty() || inputShape.stream().anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException("input shape must be positive, got " + inputShape);
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
        }
        this.inputShape = List.copyOf(inputShape);
        this.numClasses = numClasses;
        nodes.add(new Node(0, new Op.Input(), List.of(), inputShape, 0));
    }

    /** Id of the input node. */
    public int input() {
        return 0;
    }

    public int numClasses() {
        return numClasses;
    }

    /** Shape of an existing node. */
    public List<Integer> shape(int id) {
        return nodes.get(id).shape();
    }

    /** Appends {@code op} applied to {@code inputs} and returns the new node's id. */
    public int add(Op op, int... inputs) {
        if (op instanceof Op.Input) {
            throw new ShapeException("a graph has exactly one input");
        }
        if (inputs.length != op.arity()) {
            throw new ShapeException(name(op) + " takes " + op.arity() + " input(s), got " + inputs.length);
        }
        List<List<Integer>> shapes = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (int in : inputs) {
            if (in < 0 || in >= nodes.size()) {
                throw new ShapeException(name(op) + " refers to unknown value " + in);
            }
            shapes.add(nodes.get(in).shape());
            ids.add(in);
        }
        List<Integer> out = op.outputShape(shapes);
        long params = op.params(shapes);
        int id = nodes.size();
        nodes.add(new Node(id, op, ids, out, params));
        return id;
    }

    /**
     * Finishes the graph with {@code output} as its result. Values that do not reach the output are
     * dropped (they would never be computed) and the rest renumbered in order.
     */
    public Graph build(int output) {
        List<Integer> out = nodes.get(output).shape();
        if (!out.equals(List.of(numClasses))) {
            throw new ShapeException("the output must be [B, " + numClasses + "] class scores but is "
                    + Shapes.show(out));
        }
        boolean[] live = new boolean[nodes.size()];
        live[0] = true;
        live[output] = true;
        for (int i = output; i > 0; i--) {
            if (live[i]) {
                for (int in : nodes.get(i).inputs()) {
                    live[in] = true;
                }
            }
        }
        Map<Integer, Integer> renumber = new HashMap<>();
        List<Node> kept = new ArrayList<>();
        for (int i = 0; i <= output; i++) {
            if (!live[i]) {
                continue;
            }
            Node n = nodes.get(i);
            int id = kept.size();
            renumber.put(i, id);
            List<Integer> ins = n.inputs().stream().map(renumber::get).toList();
            kept.add(new Node(id, n.op(), ins, n.shape(), n.params()));
        }
        return new Graph(inputShape, numClasses, kept, renumber.get(output));
    }

    /**
     * Rebuilds a graph from a list of ops and wiring, re-inferring every shape: how IR edits
     * (mutations) are validated.
     *
     * @param ops    ops in topological order; entry 0 must be the input
     * @param wiring for each op, the indices (into {@code ops}) of its inputs
     */
    public static Graph rebuild(List<Integer> inputShape, int numClasses, List<Op> ops,
            List<List<Integer>> wiring, int output) {
        GraphBuilder b = new GraphBuilder(inputShape, numClasses);
        for (int i = 1; i < ops.size(); i++) {
            int[] ins = wiring.get(i).stream().mapToInt(Integer::intValue).toArray();
            for (int in : ins) {
                if (in >= i) {
                    throw new ShapeException("value " + i + " reads value " + in + " before it exists");
                }
            }
            b.add(ops.get(i), ins);
        }
        return b.build(output);
    }

    static String name(Op op) {
        return op.getClass().getSimpleName().toLowerCase();
    }
}
