package io.archlab.evaluator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Non-dominated sorting over chosen objectives, each maximised or minimised (say validation accuracy
 * up; parameters, MACs and latency down).
 *
 * <p>Point {@code p} dominates {@code q} when {@code p} is no worse than {@code q} in every objective
 * and strictly better in at least one; equal points do not dominate each other and so always share a
 * front. Front 0 is the set of points no other point dominates; front {@code r} is what is
 * non-dominated once fronts {@code 0..r-1} are removed (Deb et al., NSGA-II, IEEE TEC 6(2), 2002).
 * Equivalently, a point's rank is 0 when nothing dominates it and otherwise 1 + the highest rank
 * among the points that dominate it, which is what both algorithms below compute.
 *
 * <ul>
 *   <li>One or two objectives: O(n log n). Sort by (first, second) objective; then in that order a
 *       point is dominated by an earlier, different point exactly when that point is no worse in
 *       the second objective. Keep, per front, the best second-objective value seen so far; these
 *       are monotone across fronts, so a binary search finds the first front that does not dominate
 *       the point, which is its rank (Jensen, IEEE TEC 7(5), 2003, for two objectives). Equal points
 *       are ranked once, together. Values are replaced by their dense ranks so that every sort is of
 *       primitive arrays: 100,000 points take tens of milliseconds.
 *   <li>Three or more objectives: O(k n²) time, O(n) memory. Sort lexicographically, so every
 *       dominator comes before what it dominates, and take for each point 1 + the highest rank
 *       among the earlier points that dominate it. Fine for thousands of points, not for 100,000.
 * </ul>
 * Values must not be NaN; infinities are allowed.
 */
public final class Pareto {

    /** Whether an objective is to be made large or small. */
    public enum Direction {
        MAXIMISE, MINIMISE
    }

    /** One objective: a name for messages, and its direction. */
    public record Objective(String name, Direction direction) {
        public Objective {
            if (name == null || name.isBlank() || direction == null) {
                throw new IllegalArgumentException("an objective needs a name and a direction");
            }
        }

        public static Objective maximise(String name) {
            return new Objective(name, Direction.MAXIMISE);
        }

        public static Objective minimise(String name) {
            return new Objective(name, Direction.MINIMISE);
        }
    }

    private final List<Objective> objectives;

    public Pareto(List<Objective> objectives) {
        if (objectives == null || objectives.isEmpty()) {
            throw new IllegalArgumentException("Pareto sorting needs at least one objective");
        }
        this.objectives = List.copyOf(objectives);
    }

    public static Pareto of(Objective... objectives) {
        return new Pareto(List.of(objectives));
    }

    public List<Objective> objectives() {
        return objectives;
    }

    /** Whether {@code a} dominates {@code b}: no worse in every objective, better in at least one. */
    public boolean dominates(double[] a, double[] b) {
        check(a, -1);
        check(b, -1);
        return dominatesMinimised(minimised(a), minimised(b));
    }

    /** Front index of each point (0 = non-dominated), in the order of {@code points}. */
    public int[] ranks(List<double[]> points) {
        double[][] m = new double[points.size()][];
        for (int i = 0; i < m.length; i++) {
            check(points.get(i), i);
            m[i] = minimised(points.get(i));
        }
        return objectives.size() <= 2 ? ranksUpToTwo(m) : ranksGeneral(m);
    }

    /** Indices of the first front, ascending. */
    public List<Integer> front(List<double[]> points) {
        int[] ranks = ranks(points);
        return IntStream.range(0, ranks.length).filter(i -> ranks[i] == 0).boxed().toList();
    }

    /** Indices of every front, front 0 first, each ascending. */
    public List<List<Integer>> fronts(List<double[]> points) {
        int[] ranks = ranks(points);
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < ranks.length; i++) {
            while (out.size() <= ranks[i]) {
                out.add(new ArrayList<>());
            }
            out.get(ranks[i]).add(i);
        }
        return out.stream().map(List::copyOf).toList();
    }

    private static int[] ranksUpToTwo(double[][] m) {
        int n = m.length;
        // only the order of values matters: replace each by its dense rank, so equal points share a
        // key, and sorting the keys (rank of first, rank of second; one objective is two with a
        // constant second) is a primitive sort
        int[] x = denseRanks(m, 0);
        int[] y = denseRanks(m, 1);
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = (long) x[i] * n + y[i];
        }
        long[] distinct = sortedDistinct(keys);
        int[] bestY = new int[distinct.length]; // per front, the smallest second objective seen so far
        int[] rankOfDistinct = new int[distinct.length];
        int fronts = 0;
        for (int d = 0; d < distinct.length; d++) {
            int v = (int) (distinct[d] % n);
            int lo = 0;
            int hi = fronts;
            while (lo < hi) { // the first front none of whose members dominates the point
                int mid = (lo + hi) >>> 1;
                if (bestY[mid] > v) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            if (lo == fronts) {
                fronts++;
            }
            bestY[lo] = v;
            rankOfDistinct[d] = lo;
        }
        int[] ranks = new int[n];
        for (int i = 0; i < n; i++) {
            ranks[i] = rankOfDistinct[Arrays.binarySearch(distinct, keys[i])];
        }
        return ranks;
    }

    /** The rank of each point's value of objective {@code j} among the distinct values; 0 if absent. */
    private static int[] denseRanks(double[][] m, int j) {
        int[] out = new int[m.length];
        if (m.length == 0 || m[0].length <= j) {
            return out;
        }
        double[] values = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            values[i] = m[i][j];
        }
        double[] distinct = sortedDistinct(values);
        for (int i = 0; i < m.length; i++) {
            out[i] = Arrays.binarySearch(distinct, values[i]);
        }
        return out;
    }

    private static long[] sortedDistinct(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        int k = 0;
        for (int i = 0; i < v.length; i++) {
            if (i == 0 || v[i] != v[k - 1]) {
                v[k++] = v[i];
            }
        }
        return Arrays.copyOf(v, k);
    }

    /** Sorted, without repeats; the values hold no NaN and no -0.0, so == is Arrays.sort's equality. */
    private static double[] sortedDistinct(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int k = 0;
        for (int i = 0; i < v.length; i++) {
            if (i == 0 || v[i] != v[k - 1]) {
                v[k++] = v[i];
            }
        }
        return Arrays.copyOf(v, k);
    }

    private static int[] ranksGeneral(double[][] m) {
        int n = m.length;
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (p, q) -> Arrays.compare(m[p], m[q]));
        int[] ranks = new int[n];
        for (int i = 0; i < n; i++) {
            int rank = 0;
            double[] p = m[order[i]];
            for (int j = 0; j < i; j++) {
                int r = ranks[order[j]];
                if (r >= rank && dominatesMinimised(m[order[j]], p)) {
                    rank = r + 1;
                }
            }
            ranks[order[i]] = rank;
        }
        return ranks;
    }

    private static boolean dominatesMinimised(double[] a, double[] b) {
        boolean strictly = false;
        for (int i = 0; i < a.length; i++) {
            if (a[i] > b[i]) {
                return false;
            }
            if (a[i] < b[i]) {
                strictly = true;
            }
        }
        return strictly;
    }

    /** The point with every objective turned into one to minimise; -0.0 becomes 0.0. */
    private double[] minimised(double[] p) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            double v = objectives.get(i).direction() == Direction.MAXIMISE ? -p[i] : p[i];
            out[i] = v + 0.0;
        }
        return out;
    }

    private void check(double[] p, int index) {
        String which = index < 0 ? "point" : "point " + index;
        if (p == null || p.length != objectives.size()) {
            throw new IllegalArgumentException(which + " needs " + objectives.size() + " values, got "
                    + (p == null ? "none" : p.length));
        }
        for (int i = 0; i < p.length; i++) {
            if (Double.isNaN(p[i])) {
                throw new IllegalArgumentException(which + " has NaN for " + objectives.get(i).name());
            }
        }
    }
}
