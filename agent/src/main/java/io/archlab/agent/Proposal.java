package io.archlab.agent;

/**
 * A candidate to try next.
 *
 * @param name          a readable name, unique within the run
 * @param source        its DSL source
 * @param parentId      the candidate it derives from, or null
 * @param changeSummary what changed with respect to the parent, or why it is proposed
 * @param proposer      who proposed it ({@code baseline}, {@code evolution}, {@code random}, {@code llm}, ...)
 * @param hypothesis    what the proposer expects and why, or null
 * @param motivation    the evidence the proposal rests on, or null
 */
public record Proposal(String name, String source, String parentId, String changeSummary, String proposer,
        String hypothesis, String motivation) {

    /** A proposal without a stated hypothesis (baselines, seeds, mutations). */
    public Proposal(String name, String source, String parentId, String changeSummary, String proposer) {
        this(name, source, parentId, changeSummary, proposer, null, null);
    }
}
