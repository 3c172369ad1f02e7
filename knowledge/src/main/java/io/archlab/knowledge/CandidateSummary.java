package io.archlab.knowledge;

/**
 * What leaderboards, Pareto fronts and the dashboard need of a candidate, without its source or IR.
 *
 * @param bestValAccuracy best validation accuracy over its succeeded trials, or null if none
 * @param bestLatencyMs   lowest measured batch-1 latency, or null
 * @param trials          trials recorded for it
 */
public record CandidateSummary(String id, int ordinal, String name, String proposer, String parentId,
        int generation, Long params, Long macs, Double bestValAccuracy, Double bestLatencyMs, int trials) {
}
