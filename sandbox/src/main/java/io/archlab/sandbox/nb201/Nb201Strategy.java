package io.archlab.sandbox.nb201;

import java.util.Random;

/**
 * A search strategy over the NAS-Bench-201 space: spends an oracle's query budget looking for the
 * cell of highest validation accuracy. Deterministic for a given {@link Random}; must not ask for
 * a new cell once {@link Nb201Oracle#remaining()} is 0.
 */
public interface Nb201Strategy {

    /** Short name, e.g. {@code random}. */
    String name();

    /** One-line description with the strategy's settings. */
    String description();

    /** Searches until the oracle's budget is spent (or the strategy cannot propose anything new). */
    void search(Nb201Oracle oracle, Random random);

    /** Upper bound on proposals per query, so that a strategy stuck on already-seen cells still ends. */
    int MAX_PROPOSALS_PER_QUERY = 1_000;
}
