package io.archlab.evaluator;

import java.util.OptionalDouble;

/**
 * Fitness is validation accuracy, for candidates that trained successfully within the parameter
 * budget; the others have none.
 */
public final class BudgetedAccuracy implements FitnessFunction {
    private final long maxParams;

    public BudgetedAccuracy(long maxParams) {
        if (maxParams < 1) {
            throw new IllegalArgumentException("parameter budget must be >= 1, got " + maxParams);
        }
        this.maxParams = maxParams;
    }

    public long maxParams() {
        return maxParams;
    }

    @Override
    public OptionalDouble fitness(Evaluated c) {
        return ineligibility(c) == null ? OptionalDouble.of(c.valAccuracy()) : OptionalDouble.empty();
    }

    @Override
    public String ineligibility(Evaluated c) {
        if (!c.succeeded()) {
            return "trial " + c.outcome();
        }
        if (c.params() == null || c.params() > maxParams) {
            return "over the parameter budget of " + maxParams;
        }
        return null;
    }
}
