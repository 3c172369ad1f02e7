package io.archlab.sandbox.worker;

/**
 * What a worker process loads once and keeps for all its trials.
 *
 * @param task               task name
 * @param data               the {@code --data} value (a directory, {@code subset}) or null
 * @param allowSubset        whether the shipped subset may stand in
 * @param seqLen             sequence length or context of sequence tasks, 0 for the default
 * @param vocab              vocabulary of generated sequence tasks, 0 for the default
 * @param validationFraction share of the training set carved for validation
 * @param threads            intra-op threads of the engine
 */
public record WorkerSpec(String task, String data, boolean allowSubset, int seqLen, int vocab,
        double validationFraction, int threads) {
}
