package io.archlab.sandbox.nb201;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The search baselines: budgets, determinism, and how they compare on the real table. */
class Nb201StrategiesTest {
    static final List<Nb201Strategy> ALL = List.of(new RandomSearch(), new RegularizedEvolution(), new LocalSearch());

    /** A synthetic landscape: accuracy grows with the number of 3x3 convolutions, plus a fixed jitter. */
    static double landscape(Nb201Arch a) {
        long convs = a.ops().stream().filter(o -> o == Nb201Op.NOR_CONV_3X3).count();
        return 50 + 5 * convs + (a.code() % 7) * 0.1;
    }

    @Test
    void should_spend_exactly_the_budget_on_distinct_cells_and_count_repeats_once() {
        for (Nb201Strategy s : ALL) {
            for (int budget : new int[] {1, 7, 10, 150}) {
                Nb201Oracle o = new Nb201Oracle(Nb201StrategiesTest::landscape, budget);
                s.search(o, new Random(5));
                assertEquals(budget, o.queries(), s.name() + " with budget " + budget);
                assertEquals(budget, new HashSet<>(o.history()).size(), "distinct cells");
                assertEquals(0, o.remaining());
            }
        }
        Nb201Oracle o = new Nb201Oracle(Nb201StrategiesTest::landscape, 2);
        Nb201Arch a = Nb201Arch.ofCode(5);
        o.query(a);
        o.query(a);
        assertEquals(1, o.queries(), "a repeated query is free");
        o.query(Nb201Arch.ofCode(6));
        assertThrows(Nb201Oracle.QueryBudgetException.class, () -> o.query(Nb201Arch.ofCode(7)));
        assertEquals(landscape(a), o.query(a), "seen cells are still answered");
    }

    @Test
    void should_be_deterministic_per_seed() {
        for (Nb201Strategy s : ALL) {
            Nb201Oracle a = new Nb201Oracle(Nb201StrategiesTest::landscape, 60);
            Nb201Oracle b = new Nb201Oracle(Nb201StrategiesTest::landscape, 60);
            Nb201Oracle c = new Nb201Oracle(Nb201StrategiesTest::landscape, 60);
            s.search(a, new Random(11));
            s.search(b, new Random(11));
            s.search(c, new Random(12));
            assertEquals(a.history(), b.history(), s.name());
            assertTrue(!a.history().equals(c.history()), s.name() + " differs with another seed");
        }
    }

    @Test
    void should_climb_the_synthetic_landscape_with_local_search_and_evolution() {
        for (Nb201Strategy s : List.of(new RegularizedEvolution(), new LocalSearch())) {
            Nb201Oracle o = new Nb201Oracle(Nb201StrategiesTest::landscape, 150);
            s.search(o, new Random(1));
            double best = o.history().stream().mapToDouble(Nb201StrategiesTest::landscape).max().orElseThrow();
            assertTrue(best >= 75, s.name() + " found a cell with at least 5 of 6 3x3 convolutions: " + best);
        }
    }

    @Test
    void should_find_better_cells_with_regularized_evolution_than_random_search_on_the_real_table() {
        Nb201Table t = Nb201Data.table();
        Nb201Bench.Curve random = Nb201Bench.run(t, Nb201Dataset.CIFAR10, new RandomSearch(), 150, 30, 7);
        Nb201Bench.Curve evolution = Nb201Bench.run(t, Nb201Dataset.CIFAR10, new RegularizedEvolution(), 150, 30, 7);
        Nb201Bench.Curve local = Nb201Bench.run(t, Nb201Dataset.CIFAR10, new LocalSearch(), 150, 30, 7);
        int last = random.checkpoints().size() - 1;
        assertEquals(List.of(10, 25, 50, 100, 150), random.checkpoints());
        double r = mean(random.at(last));
        double e = mean(evolution.at(last));
        double l = mean(local.at(last));
        assertTrue(e > r, "evolution " + e + " > random " + r);
        assertTrue(l > r, "local " + l + " > random " + r);
        assertTrue(evolution.foundBestFraction() > random.foundBestFraction(),
                evolution.foundBestFraction() + " vs " + random.foundBestFraction());
        for (int c = 1; c <= last; c++) {
            assertTrue(mean(random.at(c)) >= mean(random.at(c - 1)), "the best so far never gets worse");
        }
        assertTrue(r > 86 && r < 89.2, "random search's mean lies in the table's range: " + r);
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }
}
