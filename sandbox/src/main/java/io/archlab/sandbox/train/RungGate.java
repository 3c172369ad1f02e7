package io.archlab.sandbox.train;

/**
 * Decides, at a rung of a trial (a number of optimiser steps at which its validation accuracy is
 * measured), whether it trains on: asynchronous successive halving stops the weak ones early. It
 * is asked from the thread that waits for the trial, once per rung, in rung order.
 */
@FunctionalInterface
public interface RungGate {
    /** Trains every trial to its end. */
    RungGate NONE = (rung, steps, valAccuracy) -> null;

    /**
     * @param rung        index of the rung in the trial's compute (0 first)
     * @param steps       optimiser steps done
     * @param valAccuracy validation accuracy measured there
     * @return null to train on, else why the trial stops here (its {@link FailureKind#PRUNED} message)
     */
    String check(int rung, long steps, double valAccuracy);

    /**
     * {@code gate}, except that when it throws, the trial trains on and a WARNING line on standard
     * error names the exception: a fault in the gate never costs a trial.
     */
    static RungGate tolerant(RungGate gate) {
        return (rung, steps, valAccuracy) -> {
            try {
                return gate.check(rung, steps, valAccuracy);
            } catch (RuntimeException e) {
                System.err.println("WARNING: the rung gate failed at rung " + rung + " (" + steps + " steps), so the "
                        + "trial trains on: " + e);
                return null;
            }
        };
    }
}
