package io.archlab.sandbox.ir;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;

/**
 * The analyzable form of a candidate: nodes in topological order (node {@code i} has id {@code i},
 * node 0 is the input), the id of the output node, and the task's input shape and class count.
 * Immutable and Jackson-serialisable; built only through {@link GraphBuilder}, which checks shapes.
 */
public record Graph(List<Integer> inputShape, int numClasses, List<Node> nodes, int output) {
    public Graph {
        inputShape = List.copyOf(inputShape);
        nodes = List.copyOf(nodes);
    }

    /** Total trainable parameters. */
    @JsonIgnore
    public long params() {
        return nodes.stream().mapToLong(Node::params).sum();
    }

    /** Ids of the nodes that read node {@code id}. */
    @JsonIgnore
    public List<Integer> consumers(int id) {
        List<Integer> out = new ArrayList<>();
        for (Node n : nodes) {
            if (n.inputs().contains(id)) {
                out.add(n.id());
            }
        }
        return out;
    }

    /** The node with the given id. */
    public Node node(int id) {
        return nodes.get(id);
    }

    /** Number of nodes carrying weights (conv and linear layers). */
    @JsonIgnore
    public int weightLayers() {
        return (int) nodes.stream()
                .filter(n -> n.op() instanceof Op.Conv2d || n.op() instanceof Op.Linear)
                .count();
    }
}
