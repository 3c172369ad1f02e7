package io.archlab.sandbox.train;

import io.archlab.sandbox.analysis.Budgets;
import java.nio.file.Path;

/**
 * Everything a trial needs: the candidate's DSL source, the compute it may use and the budgets it
 * must keep.
 *
 * @param trialId      identifies the trial in logs and files
 * @param source       the candidate's DSL source
 * @param seed         seeds weight initialisation and batch order
 * @param compute      how many optimiser steps it trains, and the safety cap on its time
 * @param budgets      parameter, MAC and memory budgets: candidates over them are rejected before training
 * @param batchSize    mini-batch size
 * @param optim        optimiser settings (AdamW with warm-up, cosine decay and gradient clipping)
 * @param weightsOut   where to write the trained weights, or null to keep none
 * @param refuseIrHashes IR hashes of candidates already tried: a candidate whose IR has one of them
 *                     is refused as a duplicate before training (may be empty)
 * @param checkOnly    stop after the checks before training (policy, compile, trace, duplicate, budgets):
 *                     success then carries the IR and no metrics
 * @param recipe       augmentation and regularisation of the training ({@link Recipe#NONE} while searching)
 */
public record TrialRequest(String trialId, String source, long seed, Compute compute, Budgets budgets,
        int batchSize, Optim optim, Path weightsOut, java.util.Set<String> refuseIrHashes, boolean checkOnly,
        Recipe recipe) {

    /** A request trained without augmentation or regularisation beyond the optimiser's. */
    public TrialRequest(String trialId, String source, long seed, Compute compute, Budgets budgets, int batchSize,
            Optim optim, Path weightsOut, java.util.Set<String> refuseIrHashes, boolean checkOnly) {
        this(trialId, source, seed, compute, budgets, batchSize, optim, weightsOut, refuseIrHashes, checkOnly,
                Recipe.NONE);
    }

    /** A request that refuses the given IR hashes and trains. */
    public TrialRequest(String trialId, String source, long seed, Compute compute, Budgets budgets, int batchSize,
            Optim optim, Path weightsOut, java.util.Set<String> refuseIrHashes) {
        this(trialId, source, seed, compute, budgets, batchSize, optim, weightsOut, refuseIrHashes, false);
    }

    /** A request that refuses no IR. */
    public TrialRequest(String trialId, String source, long seed, Compute compute, Budgets budgets, int batchSize,
            Optim optim, Path weightsOut) {
        this(trialId, source, seed, compute, budgets, batchSize, optim, weightsOut, java.util.Set.of());
    }

    /** Only the checks before training of {@code source}: what a proposal must pass before it is trained. */
    public static TrialRequest check(String id, String source, Budgets budgets, int batchSize,
            java.util.Set<String> refuseIrHashes) {
        return new TrialRequest(id, source, 0, Compute.steps(1, 1), budgets, batchSize, Optim.adamW(1e-3f), null,
                refuseIrHashes, true);
    }

    /** This request, its weights written to {@code path} (null: none kept). */
    public TrialRequest withWeightsOut(Path path) {
        return new TrialRequest(trialId, source, seed, compute, budgets, batchSize, optim, path, refuseIrHashes,
                checkOnly, recipe);
    }

    /** This request, trained with {@code r}. */
    public TrialRequest withRecipe(Recipe r) {
        return new TrialRequest(trialId, source, seed, compute, budgets, batchSize, optim, weightsOut, refuseIrHashes,
                checkOnly, r);
    }

    /**
     * How a model is trained beyond its optimiser: augmentation of each training batch and label
     * smoothing. Searching uses none, so that candidates are compared on their architecture; a run's
     * final training uses its task's recipe, the same for every model it compares.
     *
     * @param cropPadding    images are padded by this many pixels (zeros) and cropped back to their
     *                       size at a random offset per example (0: no crop)
     * @param horizontalFlip each image is mirrored left to right with probability 1/2
     * @param labelSmoothing the target puts {@code 1 - labelSmoothing} on the label and spreads the rest
     *                       evenly over all classes (0: none)
     */
    public record Recipe(int cropPadding, boolean horizontalFlip, float labelSmoothing) {
        /** No augmentation, no smoothing. */
        public static final Recipe NONE = new Recipe(0, false, 0f);

        public Recipe {
            if (cropPadding < 0 || cropPadding > 8) {
                throw new IllegalArgumentException("crop padding must be 0 to 8 pixels, got " + cropPadding);
            }
            if (!(labelSmoothing >= 0 && labelSmoothing < 0.5f)) {
                throw new IllegalArgumentException("label smoothing must be in [0, 0.5), got " + labelSmoothing);
            }
        }

        /** Whether it changes anything. */
        public boolean any() {
            return cropPadding > 0 || horizontalFlip || labelSmoothing > 0;
        }
    }

    /** The safety cap on the trial's training time, in seconds. */
    public double seconds() {
        return compute.capSeconds();
    }

    /**
     * The compute of a trial: exactly {@code steps} optimiser steps, or, when {@code steps} is 0,
     * {@code epochs} full passes over the training split (as many steps as that takes at the
     * request's batch size). Every candidate, seed and reference compared at one fidelity gets the
     * same compute, whatever the machine's load. {@code capSeconds} is a safety cap, not a budget:
     * a trial that reaches it before its steps are done ends as {@link FailureKind#CAPPED} and is
     * never ranked as if it had trained fully. {@code rungs} are the steps (ascending, below the
     * trial's total) at which its validation accuracy is measured and a {@link RungGate} asked
     * whether it goes on (asynchronous successive halving); empty for none.
     */
    public record Compute(long steps, int epochs, double capSeconds, java.util.List<Long> rungs) {
        public Compute {
            rungs = rungs == null ? java.util.List.of() : java.util.List.copyOf(rungs);
            for (int i = 0; i < rungs.size(); i++) {
                if (rungs.get(i) < 1 || (i > 0 && rungs.get(i) <= rungs.get(i - 1))) {
                    throw new IllegalArgumentException("rungs must be ascending positive steps, got " + rungs);
                }
            }
            if (steps < 0 || epochs < 0 || (steps == 0) == (epochs == 0)) {
                throw new IllegalArgumentException("a trial's compute is a positive number of steps or of epochs, "
                        + "not both; got " + steps + " steps, " + epochs + " epochs");
            }
            if (!(capSeconds > 0) || Double.isInfinite(capSeconds)) {
                throw new IllegalArgumentException("the safety cap must be a positive number of seconds, got "
                        + capSeconds);
            }
        }

        /** A compute without rungs. */
        public Compute(long steps, int epochs, double capSeconds) {
            this(steps, epochs, capSeconds, java.util.List.of());
        }

        /** This compute, with its validation accuracy checked at {@code rungs} steps. */
        public Compute withRungs(java.util.List<Long> rungs) {
            return new Compute(steps, epochs, capSeconds, rungs);
        }

        /** Exactly {@code steps} optimiser steps, within {@code capSeconds}. */
        public static Compute steps(long steps, double capSeconds) {
            return new Compute(steps, 0, capSeconds);
        }

        /** {@code epochs} full passes over the training split, within {@code capSeconds}. */
        public static Compute epochs(int epochs, double capSeconds) {
            return new Compute(0, epochs, capSeconds);
        }

        /** The optimiser steps this compute means when an epoch has {@code stepsPerEpoch} steps. */
        public long total(long stepsPerEpoch) {
            return steps > 0 ? steps : epochs * Math.max(1, stepsPerEpoch);
        }
    }

    /**
     * AdamW settings.
     *
     * @param learningRate peak learning rate
     * @param warmupSteps  steps of linear warm-up
     * @param clipGrad     gradients are clipped to [-clipGrad, clipGrad] elementwise (0 for none)
     * @param weightDecay  decoupled weight decay
     */
    public record Optim(float learningRate, int warmupSteps, float clipGrad, float weightDecay) {
        public Optim {
            if (!(learningRate > 0) || warmupSteps < 0 || clipGrad < 0 || weightDecay < 0) {
                throw new IllegalArgumentException("learning rate must be > 0; warm-up, clipping and decay >= 0");
            }
        }

        /** archlab's defaults around a learning rate: 50 warm-up steps, clipping at 5, decay 1e-4. */
        public static Optim adamW(float learningRate) {
            return new Optim(learningRate, 50, 5f, 1e-4f);
        }
    }

    public TrialRequest {
        if (compute == null || batchSize < 1 || budgets == null || optim == null) {
            throw new IllegalArgumentException("a trial needs its compute, a positive batch size, budgets and optim");
        }
        refuseIrHashes = refuseIrHashes == null ? java.util.Set.of() : java.util.Set.copyOf(refuseIrHashes);
        recipe = recipe == null ? Recipe.NONE : recipe;
    }
}
