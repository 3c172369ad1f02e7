package io.archlab.sandbox.nb201;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Runs search strategies on a NAS-Bench-201 table, repeated over seeds, and records for every
 * repeat the test accuracy of the best cell by validation after each checkpoint's number of
 * queries, and whether the repeat queried a cell of the space's highest validation accuracy.
 * Strategies see validation accuracies only; the test column is read here, afterwards.
 */
public final class Nb201Bench {
    /** The query counts the field reports. */
    public static final List<Integer> CHECKPOINTS = List.of(10, 25, 50, 100, 150);

    private Nb201Bench() {
    }

    /**
     * One strategy's results.
     *
     * @param strategy    its name
     * @param description its settings
     * @param checkpoints query counts
     * @param test        {@code [repeat][checkpoint]}: test accuracy (percent) of the best cell by validation
     *                    among the first {@code checkpoints[c]} queries (NaN before the first query)
     * @param queries     queries each repeat made
     * @param foundBest   {@code [repeat]}: whether it queried a cell of the space's highest validation accuracy
     * @param seconds     wall time of each repeat
     */
    public record Curve(String strategy, String description, List<Integer> checkpoints, double[][] test,
            int[] queries, boolean[] foundBest, double[] seconds) {
        public Curve {
            checkpoints = List.copyOf(checkpoints);
        }

        /** Test accuracies of all repeats at checkpoint {@code c} (an index into {@link #checkpoints}). */
        public double[] at(int c) {
            double[] out = new double[test.length];
            for (int r = 0; r < test.length; r++) {
                out[r] = test[r][c];
            }
            return out;
        }

        /** Share of repeats that found a best cell of the space. */
        public double foundBestFraction() {
            int n = 0;
            for (boolean b : foundBest) {
                n += b ? 1 : 0;
            }
            return foundBest.length == 0 ? 0 : (double) n / foundBest.length;
        }
    }

    /** The standard checkpoints up to {@code queries}, and {@code queries} itself. */
    public static List<Integer> checkpoints(int queries) {
        List<Integer> out = new ArrayList<>();
        for (int c : CHECKPOINTS) {
            if (c < queries) {
                out.add(c);
            }
        }
        out.add(queries);
        return out;
    }

    /** The seed of repeat {@code repeat}: every strategy gets the same one. */
    public static long repeatSeed(long seed, int repeat) {
        long z = seed * 0x9E3779B97F4A7C15L + repeat + 1;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Runs {@code strategy} {@code repeats} times with {@code queries} queries each. */
    public static Curve run(Nb201Table table, Nb201Dataset dataset, Nb201Strategy strategy, int queries, int repeats,
            long seed) {
        if (queries < 1 || repeats < 1) {
            throw new IllegalArgumentException("queries and repeats must be >= 1");
        }
        List<Integer> cps = checkpoints(queries);
        double best = table.bestValidation(dataset);
        double[][] test = new double[repeats][];
        int[] made = new int[repeats];
        boolean[] found = new boolean[repeats];
        double[] seconds = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            Nb201Oracle oracle = Nb201Oracle.of(table, dataset, queries);
            strategy.search(oracle, new Random(repeatSeed(seed, r)));
            seconds[r] = (System.nanoTime() - start) / 1e9;
            List<Nb201Arch> h = oracle.history();
            made[r] = h.size();
            test[r] = curve(table, dataset, h, cps);
            found[r] = h.stream().anyMatch(a -> table.validation(dataset, a) == best);
        }
        return new Curve(strategy.name(), strategy.description(), cps, test, made, found, seconds);
    }

    /**
     * Test accuracy of the best cell by validation among the first {@code k} cells of {@code history},
     * for each {@code k} of {@code checkpoints} (ties: the earlier cell).
     */
    public static double[] curve(Nb201Table table, Nb201Dataset dataset, List<Nb201Arch> history,
            List<Integer> checkpoints) {
        double[] out = new double[checkpoints.size()];
        double bestVal = Double.NEGATIVE_INFINITY;
        double bestTest = Double.NaN;
        int i = 0;
        for (int c = 0; c < checkpoints.size(); c++) {
            for (; i < Math.min(checkpoints.get(c), history.size()); i++) {
                double v = table.validation(dataset, history.get(i));
                if (v > bestVal) {
                    bestVal = v;
                    bestTest = table.test(dataset, history.get(i));
                }
            }
            out[c] = bestTest;
        }
        return out;
    }
}
