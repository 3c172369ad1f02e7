package io.archlab.knowledge;

import java.time.Instant;

/**
 * A proposed architecture.
 *
 * @param ordinal       position in the run's sequence of proposals (0, 1, ...)
 * @param proposer      who proposed it: {@code baseline}, {@code evolution}, ...
 * @param parentId      the candidate it was derived from, or null
 * @param changeSummary what changed with respect to the parent (or why it exists)
 * @param source        its DSL source
 * @param irJson        its IR as JSON, or null if it never traced
 * @param irHash        SHA-256 of the IR JSON, or null
 * @param params        trainable parameters, or null if unknown
 * @param hypothesis    what the proposer expects of it and why, or null
 * @param motivation    the evidence the proposal rests on (results, insights, notes), or null
 * @param generation    0 for seeds, else one more than its parent's
 * @param macs          multiply-accumulates per sample, or null if unknown
 */
public record CandidateRecord(String id, String runId, int ordinal, String name, String proposer, String parentId,
        String changeSummary, String source, String irJson, String irHash, Long params, String hypothesis,
        String motivation, int generation, Long macs, Instant createdAt) {

    /** A candidate without IR yet (it is traced when first trained). */
    public static CandidateRecord proposed(String id, String runId, int ordinal, String name, String proposer,
            String parentId, String changeSummary, String source, String hypothesis, String motivation,
            int generation) {
        return new CandidateRecord(id, runId, ordinal, name, proposer, parentId, changeSummary, source, null, null,
                null, hypothesis, motivation, generation, null, Instant.now());
    }

    /** This record with {@code createdAt} replaced. */
    public CandidateRecord withCreatedAt(Instant at) {
        return new CandidateRecord(id, runId, ordinal, name, proposer, parentId, changeSummary, source, irJson, irHash,
                params, hypothesis, motivation, generation, macs, at);
    }
}
