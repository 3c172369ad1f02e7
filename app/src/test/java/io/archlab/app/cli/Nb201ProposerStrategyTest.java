package io.archlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.archlab.sandbox.nb201.Nb201Arch;
import io.archlab.sandbox.nb201.Nb201Bench;
import io.archlab.sandbox.nb201.Nb201Dataset;
import io.archlab.sandbox.nb201.Nb201Ir;
import io.archlab.sandbox.nb201.Nb201Oracle;
import io.archlab.sandbox.nb201.Nb201Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** archlab's proposer as a bench strategy: real discovery runs whose trials are the oracle's queries. */
class Nb201ProposerStrategyTest {
    static Nb201Table table() {
        Path p = Path.of(System.getProperty("archlab.nb201.dir", "/work/shared/data/nb201"),
                "nb201_12epoch_minibench_BayesWatch.csv");
        assumeTrue(Files.isRegularFile(p), "NAS-Bench-201 table not found at " + p + " (set -Darchlab.nb201.dir)");
        return Nb201Table.load(p);
    }

    @Test
    void should_spend_one_query_per_trial_on_distinct_cells_deterministically_per_seed() {
        Nb201Table t = table();
        try (Nb201ProposerStrategy s = new Nb201ProposerStrategy(t, Nb201Dataset.CIFAR10)) {
            Nb201Oracle a = Nb201Oracle.of(t, Nb201Dataset.CIFAR10, 25);
            Nb201Oracle b = Nb201Oracle.of(t, Nb201Dataset.CIFAR10, 25);
            s.search(a, new Random(4));
            s.search(b, new Random(4));
            assertEquals(25, a.queries(), "every trial of the 25 looked up a new cell");
            assertEquals(a.history(), b.history(), "the same seed gives the same run");
            assertEquals(25, new HashSet<>(a.history()).size());
            for (Nb201Arch cell : a.history()) {
                assertEquals(cell, Nb201Ir.representative(cell), "cells come from IR: representatives");
            }
            List<Nb201Arch> h = a.history();
            double seedBest = Math.max(Math.max(t.validation(Nb201Dataset.CIFAR10, h.get(0)),
                    t.validation(Nb201Dataset.CIFAR10, h.get(1))), t.validation(Nb201Dataset.CIFAR10, h.get(2)));
            double best = h.stream().mapToDouble(c -> t.validation(Nb201Dataset.CIFAR10, c)).max().orElseThrow();
            assertTrue(best > seedBest, "evolution improved on its random seeds: " + best + " > " + seedBest);

            Nb201Bench.Curve c = Nb201Bench.run(t, Nb201Dataset.CIFAR10, s, 20, 2, 9);
            assertEquals(List.of(10, 20), c.checkpoints());
            assertTrue(c.at(1)[0] >= 0 && c.at(1)[1] <= 100);
        }
    }
}
