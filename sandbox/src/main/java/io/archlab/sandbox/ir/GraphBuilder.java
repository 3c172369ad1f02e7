package io.archlab.sandbox.ir;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Builds a {@link Graph} one op at a time, inferring every shape, parameter count and MAC count as
 * it goes. The DSL tracer, IR mutations and JSON loading all build graphs through this class, so
 * there is exactly one place where shapes are checked.
 */
public final class GraphBuilder {
    /** The most operations a traced graph may have: an unbounded loop in forward stops here. */
    public static final int MAX_NODES = 20_000;
    /** The most inputs all operations of a graph may read in all (a concat of a million tensors stops here). */
    public static final int MAX_EDGES = 100_000;
    /** The most axes a tensor may have after the batch (every op's own lists are at most this long). */
    public static final int MAX_RANK = 8;
    private final List<Integer> inputShape;
    private final int numClasses;
    private final int vocab;
    private final List<Node> nodes = new ArrayList<>();
    private int edges;

    /**
     * @param vocab vocabulary size when the input is token ids (which must go through an embedding
     *              first), or 0 for real-valued input
     */
    public GraphBuilder(List<Integer> inputShape, int numClasses, int vocab) {
        if (inputShape.isEmpty() || inputShape.stream().anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException("input shape must be positive, got " + inputShape);
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
        }
        this.inputShape = List.copyOf(inputShape);
        this.numClasses = numClasses;
        this.vocab = vocab;
        nodes.add(new Node(0, new Op.Input(), List.of(), inputShape, 0, 0));
    }

    /** Id of the input node. */
    public int input() {
        return 0;
    }

    public int numClasses() {
        return numClasses;
    }

    public int vocab() {
        return vocab;
    }

    /** Shape of an existing node. */
    public List<Integer> shape(int id) {
        return nodes.get(id).shape();
    }

    /** Appends {@code op} applied to {@code inputs} and returns the new node's id. */
    public int add(Op op, int... inputs) {
        if (op instanceof Op.Input) {
            throw new ShapeException("input", "a graph has exactly one input");
        }
        if (nodes.size() >= MAX_NODES) {
            throw new ShapeException(op.name(), String.format("the graph grew past %,d operations; forward must build "
                    + "a finite graph (an unbounded loop?)", MAX_NODES));
        }
        if (edges + inputs.length > MAX_EDGES) {
            throw new ShapeException(op.name(), String.format("the graph grew past %,d connections between operations "
                    + "(%,d inputs to this one); forward must build a bounded graph", MAX_EDGES, inputs.length));
        }
        int arity = op.arity();
        if (arity == Op.VARIADIC ? inputs.length < 2 : inputs.length != arity) {
            throw new ShapeException(op.name(), "takes " + (arity == Op.VARIADIC ? "two or more" : arity)
                    + " input(s), got " + inputs.length);
        }
        List<List<Integer>> shapes = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (int in : inputs) {
            if (in < 0 || in >= nodes.size()) {
                throw new ShapeException(op.name(), "refers to unknown value " + in);
            }
            if (in == 0 && vocab > 0 && !(op instanceof Op.Embedding) && !(op instanceof Op.Slice)) {
                throw new ShapeException(op.name(), "the input is token ids: pass it through n.embedding first");
            }
            if (op instanceof Op.Embedding && (vocab == 0 || in != 0)) {
                throw new ShapeException("embedding", "embeds the task's token ids (the input), and this task's "
                        + (vocab == 0 ? "input is not tokens" : "value " + in + " is not the input"));
            }
            shapes.add(nodes.get(in).shape());
            ids.add(in);
        }
        if (op instanceof Op.Embedding e && e.vocab() != vocab) {
            throw new ShapeException("embedding", "vocabulary " + e.vocab() + " differs from the task's " + vocab);
        }
        List<Integer> out = op.outputShape(shapes);
        if (out.size() > MAX_RANK) {
            throw new ShapeException(op.name(), String.format("a tensor may have at most %d axes after the batch, "
                    + "this one would have %,d", MAX_RANK, out.size()));
        }
        long params = op.params(shapes);
        long macs = op.macs(shapes, out);
        int id = nodes.size();
        nodes.add(new Node(id, op, ids, out, params, macs));
        edges += inputs.length;
        return id;
    }

    /**
     * Finishes the graph with {@code output} as its result, in canonical form: values that do not
     * reach the output are dropped, and the rest are numbered in depth-first post-order from the
     * output (inputs visited in order), so two programs that build the same graph give the same IR
     * whatever order they wrote independent branches in.
     */
    public Graph build(int output) {
        if (output < 0 || output >= nodes.size()) {
            throw new ShapeException("output", "refers to unknown value " + output);
        }
        List<Integer> out = nodes.get(output).shape();
        if (!out.equals(List.of(numClasses))) {
            throw new ShapeException("output", "must be [B, " + numClasses + "] class scores but is "
                    + Shapes.show(out));
        }
        int[] renumber = new int[nodes.size()];
        java.util.Arrays.fill(renumber, -1);
        List<Node> kept = new ArrayList<>();
        renumber[0] = 0;
        kept.add(nodes.get(0));
        Deque<int[]> stack = new ArrayDeque<>();
        stack.push(new int[] {output, 0});
        while (!stack.isEmpty()) {
            int[] top = stack.peek();
            Node n = nodes.get(top[0]);
            if (renumber[top[0]] >= 0) {
                stack.pop();
            } else if (top[1] < n.inputs().size()) {
                int next = n.inputs().get(top[1]++);
                if (renumber[next] < 0) {
                    stack.push(new int[] {next, 0});
                }
            } else {
                stack.pop();
                int id = kept.size();
                renumber[top[0]] = id;
                List<Integer> ins = n.inputs().stream().map(i -> renumber[i]).toList();
                kept.add(new Node(id, n.op(), ins, n.shape(), n.params(), n.macs()));
            }
        }
        return new Graph(inputShape, numClasses, vocab, kept, renumber[output]);
    }

    /**
     * Rebuilds a graph from a list of ops and wiring, re-inferring every shape: how IR edits and
     * stored JSON are validated.
     *
     * @param ops    ops in topological order; entry 0 must be the input
     * @param wiring for each op, the indices (into {@code ops}) of its inputs
     */
    public static Graph rebuild(List<Integer> inputShape, int numClasses, int vocab, List<Op> ops,
            List<List<Integer>> wiring, int output) {
        if (ops.isEmpty() || !(ops.get(0) instanceof Op.Input)) {
            throw new ShapeException("graph", "value 0 must be the input");
        }
        GraphBuilder b = new GraphBuilder(inputShape, numClasses, vocab);
        for (int i = 1; i < ops.size(); i++) {
            int[] ins = wiring.get(i).stream().mapToInt(Integer::intValue).toArray();
            for (int in : ins) {
                if (in >= i) {
                    throw new ShapeException("graph", "value " + i + " reads value " + in
                            + " before it exists (a cycle or a bad order)");
                }
            }
            b.add(ops.get(i), ins);
        }
        return b.build(output);
    }
}
