package io.archlab.sandbox.train;

import ai.djl.training.tracker.Tracker;

/**
 * Learning rate: linear warm-up over the first {@code warmupSteps} steps, then cosine decay to
 * {@code floor x base} at the trial's last step. It depends on the step only, never on time, so the
 * same seed and step budget give the same training on a busy machine as on a quiet one.
 */
final class Schedule implements Tracker {
    private final float base;
    private final int warmupSteps;
    private final long totalSteps;
    private final float floor;

    Schedule(float base, int warmupSteps, long totalSteps, float floor) {
        this.base = base;
        this.warmupSteps = warmupSteps;
        this.totalSteps = Math.max(1, totalSteps);
        this.floor = floor;
    }

    @Override
    public float getNewValue(int numUpdate) {
        if (numUpdate < warmupSteps) {
            return base * (numUpdate + 1) / warmupSteps;
        }
        double p = Math.min(1, (double) numUpdate / totalSteps);
        return (float) (base * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * p))));
    }
}
