package io.archlab.sandbox.ir;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;

/**
 * The analyzable form of a candidate: nodes in canonical topological order (node {@code i} has id
 * {@code i}, node 0 is the input), the output's id, and the task it was built for (input shape,
 * class count, and vocabulary size when the input is token ids, else 0). Immutable and
 * Jackson-serialisable; built only through {@link GraphBuilder}, which checks every shape.
 */
public record Graph(List<Integer> inputShape, int numClasses, int vocab, List<Node> nodes, int output) {
    public Graph {
        inputShape = List.copyOf(inputShape);
        nodes = List.copyOf(nodes);
    }

    /** Total trainable parameters. */
    @JsonIgnore
    public long params() {
        return nodes.stream().mapToLong(Node::params).sum();
    }

    /** Total multiply-accumulates for one sample. */
    @JsonIgnore
    public long macs() {
        return nodes.stream().mapToLong(Node::macs).sum();
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

    /** Number of nodes carrying weights (convolutions and linear layers). */
    @JsonIgnore
    public int weightLayers() {
        return (int) nodes.stream()
                .filter(n -> n.op() instanceof Op.Conv || n.op() instanceof Op.Linear)
                .count();
    }
}
