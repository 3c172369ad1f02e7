package io.archlab.evaluator;

/**
 * What a candidate costs, as measured or found by static analysis; null where unknown.
 *
 * @param params          trainable parameters (deterministic, from analysis)
 * @param macs            multiply-accumulates per sample (deterministic, from analysis)
 * @param peakMemoryBytes peak memory in bytes
 * @param latencyMs       inference latency at batch 1, in milliseconds (measured)
 */
public record Cost(Long params, Long macs, Long peakMemoryBytes, Double latencyMs) {

    /** Nothing known. */
    public static final Cost UNKNOWN = new Cost(null, null, null, null);

    /** Only the deterministic amounts known. */
    public static Cost of(Long params, Long macs) {
        return new Cost(params, macs, null, null);
    }
}
