package io.archlab.sandbox.nb201;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;

/**
 * Regularized ("aging") evolution (Real et al., AAAI 2019): a population of {@code P} random cells;
 * then repeatedly a tournament of {@code S} members drawn uniformly (with replacement) picks the
 * one of best validation accuracy, its child differs in one random edge (another op, uniform), the
 * child joins the population and the oldest member leaves. NAS-Bench-201's settings: P = 10, S = 3.
 */
public final class RegularizedEvolution implements Nb201Strategy {
    /** Population size of the NAS-Bench-201 experiments. */
    public static final int POPULATION = 10;
    /** Tournament size of the NAS-Bench-201 experiments. */
    public static final int TOURNAMENT = 3;

    private final int population;
    private final int tournament;

    public RegularizedEvolution() {
        this(POPULATION, TOURNAMENT);
    }

    public RegularizedEvolution(int population, int tournament) {
        if (population < 1 || tournament < 1) {
            throw new IllegalArgumentException("population and tournament must be >= 1");
        }
        this.population = population;
        this.tournament = tournament;
    }

    @Override
    public String name() {
        return "evolution";
    }

    @Override
    public String description() {
        return "regularized evolution (Real et al. 2019), P = " + population + ", S = " + tournament
                + ", one-edge mutation, oldest removed";
    }

    private record Member(Nb201Arch arch, double accuracy) {
    }

    @Override
    public void search(Nb201Oracle oracle, Random random) {
        Deque<Member> pop = new ArrayDeque<>();
        long guard = (long) oracle.budget() * MAX_PROPOSALS_PER_QUERY;
        long proposals = 0;
        while (pop.size() < population && oracle.remaining() > 0 && proposals++ < guard) {
            Nb201Arch a = Nb201Space.random(random);
            pop.addLast(new Member(a, oracle.query(a)));
        }
        Member[] members = new Member[population];
        while (oracle.remaining() > 0 && proposals++ < guard && !pop.isEmpty()) {
            pop.toArray(members);
            Member parent = null;
            for (int i = 0; i < tournament; i++) {
                Member m = members[random.nextInt(pop.size())];
                if (parent == null || m.accuracy() > parent.accuracy()) {
                    parent = m;
                }
            }
            Nb201Arch child = Nb201Space.mutate(parent.arch(), random);
            pop.addLast(new Member(child, oracle.query(child)));
            pop.removeFirst();
        }
    }
}
