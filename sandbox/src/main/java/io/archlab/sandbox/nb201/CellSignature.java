package io.archlab.sandbox.nb201;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a cell computes, written as a canonical expression of its input {@code x}: {@code c3(e)} and
 * {@code c1(e)} for the convolution ops, {@code p(e)} for the pool, {@code 0} for a node with no
 * incoming op, and {@code (+ a b ...)} for sums, flattened and sorted. Two cells with the same
 * signature build the same network (they differ only in skip connections renamed or in edges that
 * never reach the output), so an IR identifies a cell up to this equivalence; the representative of
 * each class is its cell of lowest {@link Nb201Arch#code()}.
 */
final class CellSignature {
    static final String INPUT = "x";
    static final String ZERO = "0";
    private static volatile Map<String, Nb201Arch> representatives;

    private CellSignature() {
    }

    /** The signature of {@code arch}'s cell output. */
    static String of(Nb201Arch arch) {
        List<List<String>> node = new ArrayList<>();
        node.add(List.of(INPUT));
        for (int to = 1; to <= 3; to++) {
            List<String> terms = new ArrayList<>();
            for (int from = 0; from < to; from++) {
                Nb201Op op = arch.op(to, from);
                List<String> v = node.get(from);
                switch (op) {
                    case SKIP_CONNECT:
                        terms.addAll(v);
                        break;
                    case NOR_CONV_1X1:
                    case NOR_CONV_3X3:
                        terms.add(conv(op.kernel(), v));
                        break;
                    case AVG_POOL_3X3:
                        terms.add(pool(v));
                        break;
                    default:
                        break;
                }
            }
            node.add(terms.isEmpty() ? List.of(ZERO) : terms);
        }
        return print(node.get(3));
    }

    static String conv(int kernel, List<String> of) {
        return "c" + kernel + "(" + print(of) + ")";
    }

    static String pool(List<String> of) {
        return "p(" + print(of) + ")";
    }

    /** A value given as the terms of its sum (one term: the term itself). */
    static String print(List<String> terms) {
        if (terms.size() == 1) {
            return terms.get(0);
        }
        List<String> sorted = new ArrayList<>(terms);
        Collections.sort(sorted);
        return "(+ " + String.join(" ", sorted) + ")";
    }

    /** The representative cell of each signature. */
    static Map<String, Nb201Arch> representatives() {
        Map<String, Nb201Arch> m = representatives;
        if (m == null) {
            m = new HashMap<>();
            for (int code = 0; code < Nb201Space.SIZE; code++) {
                Nb201Arch a = Nb201Arch.ofCode(code);
                m.putIfAbsent(of(a), a);
            }
            representatives = m = Collections.unmodifiableMap(m);
        }
        return m;
    }
}
