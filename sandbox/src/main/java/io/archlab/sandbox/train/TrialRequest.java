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
 * @param learningRate AdamW learning rate
 * @param weightsOut   where to write the trained weights, or null to keep none
 */
public record TrialRequest(String trialId, String source, long seed, double seconds, int maxEpochs,
        Budgets budgets, int batchSize, float learningRate, Path weightsOut) {
    public TrialRequest {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("trial seconds must be > 0, got " + seconds);
        }
        if (maxEpochs < 1 || batchSize < 1 || budgets == null || !(learningRate > 0)) {
            throw new IllegalArgumentException("maxEpochs, batchSize and learningRate must be positive, budgets set");
        }
    }
}
