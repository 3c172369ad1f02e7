package io.archlab.sandbox.nb201;

import java.util.ArrayList;
import java.util.List;

/**
 * One NAS-Bench-201 cell: the op of each of its 6 edges, in the order of the architecture string
 * {@code |op~0|+|op~0|op~1|+|op~0|op~1|op~2|}: (0→1), (0→2), (1→2), (0→3), (1→3), (2→3). Node
 * {@code j} is the sum of its incoming edges' ops applied to nodes {@code 0..j-1}; node 3 is the
 * cell's output. {@link #toString()} is the architecture string.
 */
public record Nb201Arch(List<Nb201Op> ops) {
    /** Number of edges of a cell. */
    public static final int EDGES = 6;

    public Nb201Arch {
        if (ops == null || ops.size() != EDGES || ops.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("a NAS-Bench-201 cell has " + EDGES + " edge ops, got " + ops);
        }
        ops = List.copyOf(ops);
    }

    /** Index in {@link #ops()} of the edge from node {@code from} into node {@code to} ({@code 0 <= from < to <= 3}). */
    public static int edge(int to, int from) {
        if (to < 1 || to > 3 || from < 0 || from >= to) {
            throw new IllegalArgumentException("no edge " + from + " -> " + to + " in a 4-node cell");
        }
        return to * (to - 1) / 2 + from;
    }

    /** The op on the edge from node {@code from} into node {@code to}. */
    public Nb201Op op(int to, int from) {
        return ops.get(edge(to, from));
    }

    /**
     * A number in {@code 0..15624} unique to this cell: the edge ops' ordinals read as base-5 digits,
     * the first edge most significant (so codes sort like the op lists). Not the table's row index.
     */
    public int code() {
        int c = 0;
        for (Nb201Op op : ops) {
            c = c * Nb201Op.values().length + op.ordinal();
        }
        return c;
    }

    /** The cell whose {@link #code()} is {@code code}. */
    public static Nb201Arch ofCode(int code) {
        if (code < 0 || code >= Nb201Space.SIZE) {
            throw new IllegalArgumentException("cell code must be in 0.." + (Nb201Space.SIZE - 1) + ", got " + code);
        }
        Nb201Op[] all = Nb201Op.values();
        Nb201Op[] ops = new Nb201Op[EDGES];
        for (int i = EDGES - 1; i >= 0; i--) {
            ops[i] = all[code % all.length];
            code /= all.length;
        }
        return new Nb201Arch(List.of(ops));
    }

    /** This cell with the edge at {@code index} carrying {@code op}. */
    public Nb201Arch with(int index, Nb201Op op) {
        List<Nb201Op> l = new ArrayList<>(ops);
        l.set(index, op);
        return new Nb201Arch(l);
    }

    /** The architecture string, e.g. {@code |nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|none~2|}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int to = 1; to <= 3; to++) {
            if (to > 1) {
                sb.append('+');
            }
            sb.append('|');
            for (int from = 0; from < to; from++) {
                sb.append(op(to, from).label()).append('~').append(from).append('|');
            }
        }
        return sb.toString();
    }
}
