package io.archlab.evaluator;

import static io.archlab.evaluator.Pareto.Objective.maximise;
import static io.archlab.evaluator.Pareto.Objective.minimise;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParetoTest {
    final Pareto accuracyVsParams = Pareto.of(maximise("accuracy"), minimise("params"));
    final Pareto threeWay = Pareto.of(maximise("accuracy"), minimise("params"), minimise("MACs"));

    @Test
    void should_rank_two_objectives_with_ties_and_duplicates() {
        List<double[]> points = List.of(
                new double[] {0.90, 100},  // 0: front 0
                new double[] {0.92, 200},  // 1: front 0
                new double[] {0.89, 150},  // 2: dominated by 0
                new double[] {0.90, 100},  // 3: equal to 0, so in its front
                new double[] {0.92, 250},  // 4: same accuracy as 1, more params: dominated by 1
                new double[] {0.85, 300},  // 5: dominated by 2 and 4, which are front 1
                new double[] {0.95, 1000}); // 6: most accurate: front 0
        assertArrayEquals(new int[] {0, 0, 1, 0, 1, 2, 0}, accuracyVsParams.ranks(points));
        assertEquals(List.of(0, 1, 3, 6), accuracyVsParams.front(points));
        assertEquals(List.of(List.of(0, 1, 3, 6), List.of(2, 4), List.of(5)), accuracyVsParams.fronts(points));
    }

    @Test
    void should_rank_three_objectives_with_ties_and_duplicates() {
        List<double[]> points = List.of(
                new double[] {0.90, 100, 1000}, // 0: dominated by 1 (fewer MACs, rest equal)
                new double[] {0.90, 100, 900},  // 1: front 0
                new double[] {0.95, 200, 2000}, // 2: front 0
                new double[] {0.80, 50, 5000},  // 3: fewest params: front 0
                new double[] {0.90, 100, 900},  // 4: equal to 1
                new double[] {0.85, 150, 2500}, // 5: dominated by 0 (front 1)
                new double[] {0.95, 200, 2000}); // 6: equal to 2
        assertArrayEquals(new int[] {1, 0, 0, 0, 0, 2, 0}, threeWay.ranks(points));
        assertEquals(List.of(1, 2, 3, 4, 6), threeWay.front(points));
    }

    @Test
    void should_dominate_only_when_no_worse_everywhere_and_better_somewhere() {
        assertTrue(accuracyVsParams.dominates(new double[] {0.9, 100}, new double[] {0.9, 101}));
        assertTrue(accuracyVsParams.dominates(new double[] {0.91, 100}, new double[] {0.9, 100}));
        assertFalse(accuracyVsParams.dominates(new double[] {0.9, 100}, new double[] {0.9, 100}));
        assertFalse(accuracyVsParams.dominates(new double[] {0.91, 101}, new double[] {0.9, 100}));
        assertFalse(accuracyVsParams.dominates(new double[] {0.9, 101}, new double[] {0.9, 100}));
        assertTrue(accuracyVsParams.dominates(new double[] {0.0, 1}, new double[] {-0.0, 2}));
    }

    @Test
    void should_follow_each_objectives_direction() {
        List<double[]> points = List.of(new double[] {1, 1}, new double[] {2, 2});
        assertEquals(List.of(1), Pareto.of(maximise("a"), maximise("b")).front(points));
        assertEquals(List.of(0), Pareto.of(minimise("a"), minimise("b")).front(points));
        assertEquals(List.of(0, 1), Pareto.of(minimise("a"), maximise("b")).front(points));
    }

    @Test
    void should_rank_a_single_objective_densely_with_ties_shared() {
        Pareto one = Pareto.of(maximise("accuracy"));
        List<double[]> points = List.of(new double[] {0.8}, new double[] {0.9}, new double[] {0.8},
                new double[] {0.7}, new double[] {0.9});
        assertArrayEquals(new int[] {1, 0, 1, 2, 0}, one.ranks(points));
    }

    @Test
    void should_handle_no_points_and_infinities() {
        assertEquals(List.of(), accuracyVsParams.front(List.of()));
        List<double[]> points = List.of(new double[] {Double.NEGATIVE_INFINITY, 1},
                new double[] {0.5, Double.POSITIVE_INFINITY}, new double[] {0.5, 10});
        assertArrayEquals(new int[] {0, 1, 0}, accuracyVsParams.ranks(points));
    }

    @Test
    void should_reject_nan_and_wrong_arity_naming_the_point() {
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> accuracyVsParams.ranks(List.of(new double[] {0.9, 1}, new double[] {Double.NaN, 1})));
        assertEquals("point 1 has NaN for accuracy", nan.getMessage());
        IllegalArgumentException arity = assertThrows(IllegalArgumentException.class,
                () -> threeWay.ranks(List.<double[]>of(new double[] {0.9, 1})));
        assertEquals("point 0 needs 3 values, got 2", arity.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Pareto(List.of()));
    }

    @Test
    void should_match_brute_force_on_100000_continuous_points_in_two_objectives() {
        checkAgainstBruteForce(randomPoints(100_000, 2, new Random(1), 0));
    }

    @Test
    void should_match_brute_force_on_100000_points_with_many_ties_in_two_objectives() {
        // integer values 0..199: lots of equal coordinates and exact duplicates
        checkAgainstBruteForce(randomPoints(100_000, 2, new Random(2), 200));
    }

    @Test
    void should_match_brute_force_in_three_and_four_objectives() {
        Pareto four = Pareto.of(maximise("accuracy"), minimise("params"), minimise("MACs"), minimise("latency"));
        for (int grid : new int[] {0, 6}) {
            List<double[]> three = randomPoints(1_500, 3, new Random(3 + grid), grid);
            assertArrayEquals(peel(threeWay, three), threeWay.ranks(three));
            List<double[]> fourPoints = randomPoints(800, 4, new Random(4 + grid), grid);
            assertArrayEquals(peel(four, fourPoints), four.ranks(fourPoints));
        }
    }

    /**
     * Checks the ranks of 100,000 points two ways: (1) for 2,000 of them, against the definition
     * over all points (rank = 1 + highest rank among its dominators, 0 when it has none), and (2) the
     * ranks of those 2,000 alone, against peeling fronts off by brute force.
     */
    private void checkAgainstBruteForce(List<double[]> points) {
        int[] ranks = accuracyVsParams.ranks(points);
        Random pick = new Random(99);
        List<double[]> subset = new ArrayList<>();
        for (int s = 0; s < 2_000; s++) {
            int p = pick.nextInt(points.size());
            subset.add(points.get(p));
            int highestDominator = -1;
            for (int q = 0; q < points.size(); q++) {
                if (ranks[q] > highestDominator && dominatesByDefinition(accuracyVsParams, points.get(q), points.get(p))) {
                    highestDominator = ranks[q];
                }
            }
            assertEquals(highestDominator + 1, ranks[p], "rank of point " + p);
        }
        int maxRank = Arrays.stream(ranks).max().orElse(0);
        assertTrue(maxRank > 10, "a random cloud has many fronts, got " + (maxRank + 1));
        assertArrayEquals(peel(accuracyVsParams, subset), accuracyVsParams.ranks(subset));
    }

    /** Fronts by their textbook definition: repeatedly take the points nothing remaining dominates. */
    private static int[] peel(Pareto pareto, List<double[]> points) {
        int[] ranks = new int[points.size()];
        Arrays.fill(ranks, -1);
        int left = points.size();
        for (int front = 0; left > 0; front++) {
            List<Integer> current = new ArrayList<>();
            for (int i = 0; i < points.size(); i++) {
                if (ranks[i] != -1) {
                    continue;
                }
                boolean dominated = false;
                for (int j = 0; j < points.size() && !dominated; j++) {
                    dominated = ranks[j] == -1 && dominatesByDefinition(pareto, points.get(j), points.get(i));
                }
                if (!dominated) {
                    current.add(i);
                }
            }
            for (int i : current) {
                ranks[i] = front;
            }
            left -= current.size();
        }
        return ranks;
    }

    /** Domination written out independently of {@link Pareto#dominates}. */
    private static boolean dominatesByDefinition(Pareto pareto, double[] a, double[] b) {
        boolean better = false;
        for (int i = 0; i < a.length; i++) {
            boolean max = pareto.objectives().get(i).direction() == Pareto.Direction.MAXIMISE;
            double ai = max ? a[i] : -a[i];
            double bi = max ? b[i] : -b[i];
            if (ai < bi) {
                return false;
            }
            better |= ai > bi;
        }
        return better;
    }

    /** Uniform points in [0,1)^k, or integers 0..grid-1 when grid > 0. */
    private static List<double[]> randomPoints(int n, int k, Random random, int grid) {
        List<double[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] p = new double[k];
            for (int j = 0; j < k; j++) {
                p[j] = grid > 0 ? random.nextInt(grid) : random.nextDouble();
            }
            out.add(p);
        }
        return out;
    }
}
