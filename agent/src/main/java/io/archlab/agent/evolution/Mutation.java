package io.archlab.agent.evolution;

import io.archlab.sandbox.ir.Graph;
import java.util.Optional;
import java.util.Random;

/** One kind of structural change to an IR graph. */
interface Mutation {

    /** Short name, e.g. {@code widen}. */
    String name();

    /**
     * A mutated copy of {@code g} with a one-line description of the change, or empty when this
     * mutation does not apply to {@code g}. May throw {@link io.archlab.sandbox.ir.ShapeException}
     * when the change breaks the graph's shapes.
     */
    Optional<Mutated> apply(Graph g, Random random);

    /** A mutated graph and what was done. */
    record Mutated(Graph graph, String description) {
    }
}
