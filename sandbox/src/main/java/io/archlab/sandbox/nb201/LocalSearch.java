package io.archlab.sandbox.nb201;

import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Local search (White, Nolen, Savani and Dey, UAI 2021): start at a random cell, evaluate all 24
 * neighbours (in random order), move to the best one if it improves on the current cell, and
 * restart at a new random cell at a local optimum.
 */
public final class LocalSearch implements Nb201Strategy {
    @Override
    public String name() {
        return "local";
    }

    @Override
    public String description() {
        return "local search (White et al. 2021): best-improvement over the 24 one-edge neighbours, random restart "
                + "at a local optimum";
    }

    @Override
    public void search(Nb201Oracle oracle, Random random) {
        long guard = (long) oracle.budget() * MAX_PROPOSALS_PER_QUERY;
        long restarts = 0;
        while (oracle.remaining() > 0 && restarts++ < guard) {
            Nb201Arch current = Nb201Space.random(random);
            double best = oracle.query(current);
            while (oracle.remaining() > 0) {
                List<Nb201Arch> next = new java.util.ArrayList<>(Nb201Space.neighbours(current));
                Collections.shuffle(next, random);
                Nb201Arch move = null;
                double moveAcc = best;
                for (Nb201Arch n : next) {
                    if (oracle.remaining() == 0 && !oracle.seen(n)) {
                        break;
                    }
                    double acc = oracle.query(n);
                    if (acc > moveAcc) {
                        move = n;
                        moveAcc = acc;
                    }
                }
                if (move == null) {
                    break;   // a local optimum (or the budget ran out): restart
                }
                current = move;
                best = moveAcc;
            }
        }
    }
}
