package io.archlab.evaluator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Candidates ranked by fitness: highest first; ties go to fewer parameters, then to the earlier
 * candidate. Candidates without fitness are left out.
 */
public final class Leaderboard {
    private Leaderboard() {
    }

    /** One ranked row. */
    public record Entry(int rank, Evaluated candidate, double fitness) {
    }

    public static List<Entry> rank(List<Evaluated> evaluated, FitnessFunction fitness) {
        record Scored(Evaluated e, double f) {
        }
        List<Scored> scored = new ArrayList<>();
        for (Evaluated e : evaluated) {
            fitness.fitness(e).ifPresent(f -> scored.add(new Scored(e, f)));
        }
        scored.sort(Comparator.comparingDouble((Scored s) -> -s.f())
                .thenComparingLong(s -> s.e().params())
                .thenComparingInt(s -> s.e().ordinal()));
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < scored.size(); i++) {
            out.add(new Entry(i + 1, scored.get(i).e(), scored.get(i).f()));
        }
        return out;
    }
}
