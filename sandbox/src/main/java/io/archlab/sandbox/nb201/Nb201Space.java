package io.archlab.sandbox.nb201;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The NAS-Bench-201 search space: 5 ops on each of 6 edges, 15,625 cells. Parses and formats
 * architecture strings, and gives the moves of local search and evolution (neighbours: one edge
 * changed) and uniform random cells.
 */
public final class Nb201Space {
    /** Name of the discovery task whose candidates are NAS-Bench-201 networks. */
    public static final String TASK = "nb201";
    /** Number of cells in the space: 5^6. */
    public static final int SIZE = 15_625;
    /** Neighbours of every cell: 6 edges, 4 other ops each. */
    public static final int NEIGHBOURS = Nb201Arch.EDGES * (Nb201Op.values().length - 1);

    private Nb201Space() {
    }

    /**
     * Reads an architecture string such as
     * {@code |nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|}.
     *
     * @throws IllegalArgumentException naming what is wrong and where, for anything else
     */
    public static Nb201Arch parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("architecture string is missing");
        }
        String what = "architecture string '" + s + "'";
        String t = s.trim();
        if (!t.startsWith("|") || !t.endsWith("|")) {
            throw new IllegalArgumentException(what + ": must start and end with '|' (e.g. " + example() + ")");
        }
        String[] nodes = t.split("\\+", -1);
        if (nodes.length != 3) {
            throw new IllegalArgumentException(what + ": needs 3 node groups joined by '+' (nodes 1, 2, 3), got "
                    + nodes.length);
        }
        List<Nb201Op> ops = new ArrayList<>();
        for (int to = 1; to <= 3; to++) {
            String g = nodes[to - 1];
            if (g.length() < 2 || !g.startsWith("|") || !g.endsWith("|")) {
                throw new IllegalArgumentException(what + ": node " + to + " group '" + g + "' must read |op~i|...|");
            }
            String[] edges = g.substring(1, g.length() - 1).split("\\|", -1);
            if (edges.length != to) {
                throw new IllegalArgumentException(what + ": node " + to + " needs " + to + " input edge(s) (from nodes 0.."
                        + (to - 1) + "), got " + edges.length + " in '" + g + "'");
            }
            for (int from = 0; from < to; from++) {
                String e = edges[from];
                int tilde = e.lastIndexOf('~');
                if (tilde < 0) {
                    throw new IllegalArgumentException(what + ": edge '" + e + "' of node " + to + " must read op~"
                            + from);
                }
                String src = e.substring(tilde + 1);
                if (!src.equals(Integer.toString(from))) {
                    throw new IllegalArgumentException(what + ": edge '" + e + "' of node " + to
                            + " must come from node " + from + " (edges are listed in order ~0, ~1, ...)");
                }
                try {
                    ops.add(Nb201Op.of(e.substring(0, tilde)));
                } catch (IllegalArgumentException x) {
                    throw new IllegalArgumentException(what + ": edge " + from + " -> " + to + ": " + x.getMessage());
                }
            }
        }
        return new Nb201Arch(ops);
    }

    /** The architecture string of {@code arch}. */
    public static String format(Nb201Arch arch) {
        return arch.toString();
    }

    /** Whether {@code s} is a valid architecture string. */
    public static boolean isValid(String s) {
        try {
            parse(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The 24 cells that differ from {@code arch} in exactly one edge, edge by edge, ops in order. */
    public static List<Nb201Arch> neighbours(Nb201Arch arch) {
        List<Nb201Arch> out = new ArrayList<>(NEIGHBOURS);
        for (int e = 0; e < Nb201Arch.EDGES; e++) {
            for (Nb201Op op : Nb201Op.values()) {
                if (op != arch.ops().get(e)) {
                    out.add(arch.with(e, op));
                }
            }
        }
        return out;
    }

    /** A neighbour of {@code arch} drawn uniformly: one edge, chosen at random, gets another op. */
    public static Nb201Arch mutate(Nb201Arch arch, Random random) {
        int e = random.nextInt(Nb201Arch.EDGES);
        Nb201Op[] all = Nb201Op.values();
        int k = random.nextInt(all.length - 1);
        Nb201Op op = all[k >= arch.ops().get(e).ordinal() ? k + 1 : k];
        return arch.with(e, op);
    }

    /** A cell drawn uniformly from the 15,625: each edge's op uniform and independent. */
    public static Nb201Arch random(Random random) {
        return Nb201Arch.ofCode(random.nextInt(SIZE));
    }

    private static String example() {
        return "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
    }
}
