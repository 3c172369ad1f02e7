package io.archlab.sandbox.ir;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Structural difference between two IR graphs: which ops were added, removed or changed. The
 * canonical node orders are aligned (equal ops kept, ops of the same kind paired as changes, the
 * rest added or removed), maximising what is kept.
 */
public final class IrDiff {
    private IrDiff() {
    }

    /** What happened to one op. */
    public enum Kind { ADDED, REMOVED, CHANGED }

    /**
     * One difference.
     *
     * @param before the op in the first graph (null when added)
     * @param after  the op in the second graph (null when removed)
     */
    public record Change(Kind kind, String before, String after) {
        @Override
        public String toString() {
            return switch (kind) {
                case ADDED -> "+ " + after;
                case REMOVED -> "- " + before;
                case CHANGED -> "~ " + before + " -> " + after;
            };
        }
    }

    /** The changes that turn {@code a} into {@code b} (empty when they are the same graph). */
    public static List<Change> diff(Graph a, Graph b) {
        List<Op> x = a.nodes().stream().map(Node::op).toList();
        List<Op> y = b.nodes().stream().map(Node::op).toList();
        // Global alignment of the canonical orders: equal ops score 2, ops of the same kind 1 (a
        // change), gaps 0 (an addition or a removal).
        int[][] best = new int[x.size() + 1][y.size() + 1];
        for (int i = x.size() - 1; i >= 0; i--) {
            for (int j = y.size() - 1; j >= 0; j--) {
                int pair = score(x.get(i), y.get(j));
                best[i][j] = Math.max(pair > 0 ? best[i + 1][j + 1] + pair : 0,
                        Math.max(best[i + 1][j], best[i][j + 1]));
            }
        }
        List<Change> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < x.size() || j < y.size()) {
            if (i < x.size() && j < y.size()) {
                int pair = score(x.get(i), y.get(j));
                if (pair > 0 && best[i][j] == best[i + 1][j + 1] + pair) {
                    if (pair == 1) {
                        out.add(new Change(Kind.CHANGED, describe(x.get(i)), describe(y.get(j))));
                    }
                    i++;
                    j++;
                    continue;
                }
            }
            if (j < y.size() && (i == x.size() || best[i][j] == best[i][j + 1])) {
                out.add(new Change(Kind.ADDED, null, describe(y.get(j++))));
            } else {
                out.add(new Change(Kind.REMOVED, describe(x.get(i++)), null));
            }
        }
        if (out.isEmpty() && !IrJson.hash(a).equals(IrJson.hash(b))) {
            out.add(new Change(Kind.CHANGED, "wiring", "wiring"));
        }
        return out;
    }

    private static int score(Op a, Op b) {
        return a.equals(b) ? 2 : a.getClass() == b.getClass() ? 1 : 0;
    }

    /** One line: "2 added (conv2d, relu), 1 changed (conv2d(outChannels=16) -> conv2d(outChannels=24))". */
    public static String summary(List<Change> changes) {
        if (changes.isEmpty()) {
            return "no structural change";
        }
        List<String> parts = new ArrayList<>();
        for (Kind k : Kind.values()) {
            List<Change> of = changes.stream().filter(c -> c.kind() == k).toList();
            if (!of.isEmpty()) {
                parts.add(of.size() + " " + k.name().toLowerCase() + " (" + of.stream()
                        .map(c -> k == Kind.CHANGED ? c.before() + " -> " + c.after() : k == Kind.ADDED ? c.after()
                                : c.before())
                        .collect(Collectors.joining(", ")) + ")");
            }
        }
        return String.join(", ", parts);
    }

    /** {@code conv2d(outChannels=16, kernel=3, ...)}: the op's name and fields. */
    public static String describe(Op op) {
        RecordComponent[] fields = op.getClass().getRecordComponents();
        if (fields == null || fields.length == 0) {
            return op.name();
        }
        List<String> values = new ArrayList<>();
        for (RecordComponent f : fields) {
            try {
                values.add(f.getName() + "=" + f.getAccessor().invoke(op));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return op.name() + "(" + String.join(", ", values) + ")";
    }
}
