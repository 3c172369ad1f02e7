package io.archlab.sandbox.nb201;

import java.util.Random;

/** Random search: uniform random cells until the budget is spent (repeats are free, so in effect without replacement). */
public final class RandomSearch implements Nb201Strategy {
    @Override
    public String name() {
        return "random";
    }

    @Override
    public String description() {
        return "random search: uniform cells";
    }

    @Override
    public void search(Nb201Oracle oracle, Random random) {
        long guard = (long) oracle.budget() * MAX_PROPOSALS_PER_QUERY;
        for (long i = 0; oracle.remaining() > 0 && i < guard; i++) {
            oracle.query(Nb201Space.random(random));
        }
    }
}
