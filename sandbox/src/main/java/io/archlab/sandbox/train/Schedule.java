package io.archlab.sandbox.train;

import ai.djl.training.tracker.Tracker;

/**
 * Learning rate: linear warm-up over the first {@code warmupSteps} steps, then cosine decay to
 * {@code floor x base} over the trial. Progress is the larger of the steps done over the epoch
 * horizon and the time spent over the time budget, so the rate reaches its floor when whichever
 * budget binds runs out; with an epoch budget (time not binding) it depends on steps only and is
 * reproducible.
 */
final class Schedule implements Tracker {
    private final float base;
    private final int warmupSteps;
    private final long horizonSteps;
    private final long startNanos;
    private final double budgetNanos;
    private final float floor;

    Schedule(float base, int warmupSteps, long horizonSteps, double budgetSeconds, float floor) {
        this.base = base;
        this.warmupSteps = warmupSteps;
        this.horizonSteps = Math.max(1, horizonSteps);
        this.startNanos = System.nanoTime();
        this.budgetNanos = budgetSeconds * 1e9;
        this.floor = floor;
    }

    @Override
    public float getNewValue(int numUpdate) {
        if (numUpdate < warmupSteps) {
            return base * (numUpdate + 1) / warmupSteps;
        }
        double p = Math.max((double) numUpdate / horizonSteps, (System.nanoTime() - startNanos) / budgetNanos);
        p = Math.min(1, p);
        return (float) (base * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * p))));
    }
}
