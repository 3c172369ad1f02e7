package io.archlab.sandbox.train;

import io.archlab.sandbox.analysis.Budgets;
import java.nio.file.Path;

/**
 * Everything a trial needs: the candidate's DSL source and the budgets it must keep.
 *
 * @param trialId      identifies the trial in logs and files
 * @param source       the candidate's DSL source
 * @param seed         seeds weight initialisation and batch order
 * @param seconds      training time budget
 * @param maxEpochs    stop after this many epochs even if time remains
 * @param budgets      parameter, MAC and memory budgets: candidates over them are rejected before training
 * @param batchSize    mini-batch size
 * @param optim        optimiser settings (AdamW with warm-up, cosine decay and gradient clipping)
 * @param weightsOut   where to write the trained weights, or null to keep none
 * @param refuseIrHashes IR hashes of candidates already tried: a candidate whose IR has one of them
 *                     is refused as a duplicate before training (may be empty)
 * @param checkOnly    stop after the checks before training (policy, compile, trace, duplicate, budgets):
 *                     success then carries the IR and no metrics
 */
public record TrialRequest(String trialId, String source, long seed, double seconds, int maxEpochs,
        Budgets budgets, int batchSize, Optim optim, Path weightsOut, java.util.Set<String> refuseIrHashes,
        boolean checkOnly) {

    /** A request that refuses the given IR hashes and trains. */
    public TrialRequest(String trialId, String source, long seed, double seconds, int maxEpochs, Budgets budgets,
            int batchSize, Optim optim, Path weightsOut, java.util.Set<String> refuseIrHashes) {
        this(trialId, source, seed, seconds, maxEpochs, budgets, batchSize, optim, weightsOut, refuseIrHashes, false);
    }

    /** Only the checks before training of {@code source}: what a proposal must pass before it is trained. */
    public static TrialRequest check(String id, String source, Budgets budgets, int batchSize,
            java.util.Set<String> refuseIrHashes) {
        return new TrialRequest(id, source, 0, 1, 1, budgets, batchSize, Optim.adamW(1e-3f), null, refuseIrHashes,
                true);
    }

    /** A request that refuses no IR. */
    public TrialRequest(String trialId, String source, long seed, double seconds, int maxEpochs, Budgets budgets,
            int batchSize, Optim optim, Path weightsOut) {
        this(trialId, source, seed, seconds, maxEpochs, budgets, batchSize, optim, weightsOut, java.util.Set.of());
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
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("trial seconds must be > 0, got " + seconds);
        }
        if (maxEpochs < 1 || batchSize < 1 || budgets == null || optim == null) {
            throw new IllegalArgumentException("maxEpochs and batchSize must be positive, budgets and optim set");
        }
        refuseIrHashes = refuseIrHashes == null ? java.util.Set.of() : java.util.Set.copyOf(refuseIrHashes);
    }
}
