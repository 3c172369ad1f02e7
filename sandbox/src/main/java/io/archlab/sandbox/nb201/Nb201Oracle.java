package io.archlab.sandbox.nb201;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * What a search strategy may ask: the validation accuracy of a cell, within a budget of queries.
 * Every distinct cell costs one query; asking again for a cell already seen is answered from a
 * cache and costs nothing. Test accuracies are not reachable from here.
 */
public final class Nb201Oracle {
    private final ToDoubleFunction<Nb201Arch> validation;
    private final int budget;
    private final double[] cache = new double[Nb201Space.SIZE];
    private final boolean[] seen = new boolean[Nb201Space.SIZE];
    private final List<Nb201Arch> history = new ArrayList<>();

    /**
     * @param validation the validation accuracy of a cell (e.g. a table look-up)
     * @param budget     distinct cells that may be queried, {@code >= 1}
     */
    public Nb201Oracle(ToDoubleFunction<Nb201Arch> validation, int budget) {
        if (budget < 1) {
            throw new IllegalArgumentException("query budget must be >= 1, got " + budget);
        }
        this.validation = validation;
        this.budget = budget;
    }

    /** An oracle over {@code table}'s validation column of {@code dataset}. */
    public static Nb201Oracle of(Nb201Table table, Nb201Dataset dataset, int budget) {
        return new Nb201Oracle(a -> table.validation(dataset, a), budget);
    }

    /**
     * Validation accuracy of {@code arch} in percent; a new cell costs one query.
     *
     * @throws QueryBudgetException when {@code arch} is new and the budget is spent
     */
    public double query(Nb201Arch arch) {
        int c = arch.code();
        if (seen[c]) {
            return cache[c];
        }
        if (history.size() >= budget) {
            throw new QueryBudgetException("the budget of " + budget + " queries is spent; " + arch + " is new");
        }
        double v = validation.applyAsDouble(arch);
        seen[c] = true;
        cache[c] = v;
        history.add(arch);
        return v;
    }

    /** Whether {@code arch} has been queried (asking again is free). */
    public boolean seen(Nb201Arch arch) {
        return seen[arch.code()];
    }

    /** Queries made: distinct cells asked for. */
    public int queries() {
        return history.size();
    }

    /** Queries left. */
    public int remaining() {
        return budget - history.size();
    }

    /** The query budget. */
    public int budget() {
        return budget;
    }

    /** The distinct cells queried, in the order they were first asked for. */
    public List<Nb201Arch> history() {
        return Collections.unmodifiableList(history);
    }

    /** A strategy asked for a new cell after the budget was spent. */
    public static final class QueryBudgetException extends IllegalStateException {
        QueryBudgetException(String message) {
            super(message);
        }
    }
}
