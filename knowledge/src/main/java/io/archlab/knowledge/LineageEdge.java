package io.archlab.knowledge;

/**
 * One parent of a candidate.
 *
 * @param diffSummary the structural difference from parent to child (an IR diff summary)
 */
public record LineageEdge(String runId, String childId, String parentId, String diffSummary) {
}
