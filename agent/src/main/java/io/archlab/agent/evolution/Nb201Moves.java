package io.archlab.agent.evolution;

import io.archlab.knowledge.CandidateRecord;
import io.archlab.sandbox.compile.DslWriter;
import io.archlab.sandbox.ir.IrJson;
import io.archlab.sandbox.nb201.Nb201Arch;
import io.archlab.sandbox.nb201.Nb201Dsl;
import io.archlab.sandbox.nb201.Nb201Ir;
import io.archlab.sandbox.nb201.NotNb201Exception;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the offline proposers need on the {@code nb201} task, where every candidate must stay a
 * NAS-Bench-201 network: the cell of a stored candidate (read from its IR, whoever wrote it), the
 * networks already tried (as representative cells, so an isomorphic cell counts as tried), and the
 * DSL source of a new cell, written by {@link Nb201Dsl}. Knows nothing of the tables.
 */
final class Nb201Moves {
    private final Map<String, Optional<Nb201Arch>> cells = new HashMap<>();
    private final Set<Nb201Arch> proposed = new HashSet<>();

    /** The cell of {@code c}, or empty when it is not traced yet or not an NB201 network. */
    Optional<Nb201Arch> cellOf(CandidateRecord c) {
        if (c.irJson() == null) {
            return Optional.empty();
        }
        return cells.computeIfAbsent(c.id(), id -> {
            try {
                return Optional.of(Nb201Ir.archOf(IrJson.fromJson(c.irJson())));
            } catch (NotNb201Exception | IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    /** The networks tried in the run or proposed by this proposer, as representative cells. */
    Set<Nb201Arch> tried(List<CandidateRecord> candidates) {
        Set<Nb201Arch> out = new HashSet<>(proposed);
        for (CandidateRecord c : candidates) {
            cellOf(c).ifPresent(out::add);
        }
        return out;
    }

    /** Whether {@code cell} builds a network not in {@code tried}; if so it is added to both. */
    boolean claim(Nb201Arch cell, Set<Nb201Arch> tried) {
        Nb201Arch rep = Nb201Ir.representative(cell);
        if (!tried.add(rep)) {
            return false;
        }
        proposed.add(rep);
        return true;
    }

    /** DSL source of {@code cell}'s network as the class of candidate {@code name}. */
    static String source(Nb201Arch cell, String name) {
        return Nb201Dsl.source(cell, DslWriter.className(name));
    }

    /** What changed from {@code parent} to {@code child}, e.g. {@code edge 1->3: none -> nor_conv_3x3}. */
    static String change(Nb201Arch parent, Nb201Arch child) {
        StringBuilder sb = new StringBuilder();
        for (int to = 1; to <= 3; to++) {
            for (int from = 0; from < to; from++) {
                if (parent.op(to, from) != child.op(to, from)) {
                    sb.append(sb.length() == 0 ? "" : "; ").append("edge ").append(from).append("->").append(to)
                            .append(": ").append(parent.op(to, from).label()).append(" -> ")
                            .append(child.op(to, from).label());
                }
            }
        }
        return sb + " (cell " + child + ")";
    }
}
