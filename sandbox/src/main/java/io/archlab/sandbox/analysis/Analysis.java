package io.archlab.sandbox.analysis;

import java.util.List;

/**
 * What is known of a candidate before training, for one sample.
 *
 * @param params          trainable parameters
 * @param macs            multiply-accumulates (linear layers, convolutions, matmuls)
 * @param flops           floating-point operations: 2 per MAC, plus one per output element of every
 *                        other op (elementwise, normalisation, pooling, softmax, ...)
 * @param peakBytesFloat32 peak activation memory at batch 1 for inference in float32
 * @param peakBytesInt8   the same with 1-byte activations
 * @param trainingBytes   estimated training memory at {@code trainingBatch}: all activations kept for
 *                        the backward pass, plus weights, gradients and two AdamW moments (float32)
 * @param trainingBatch   the batch size of that estimate
 * @param ops             per-op figures, in graph order
 */
public record Analysis(long params, long macs, long flops, long peakBytesFloat32, long peakBytesInt8,
        long trainingBytes, int trainingBatch, List<OpCost> ops) {

    /** One op's figures. */
    public record OpCost(int id, String op, List<Integer> shape, long params, long macs, long flops) {
    }
}
