package io.archlab.agent;

/**
 * A candidate to try next.
 *
 * @param name          a readable name, unique within the run
 * @param source        its DSL source
 * @param parentId      the candidate it derives from, or null
 * @param changeSummary what changed with respect to the parent, or why it is proposed
 * @param proposer      who proposed it ({@code baseline}, {@code evolution}, ...)
 */
public record Proposal(String name, String source, String parentId, String changeSummary, String proposer) {
}
