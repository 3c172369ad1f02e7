package io.archlab.agent;

import io.archlab.evaluator.Evaluated;
import io.archlab.evaluator.Leaderboard;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.TrialRecord;
import java.util.List;
import java.util.Random;

/** Proposes the next candidate of a run from what the run has learned so far. */
public interface Proposer {

    /**
     * What a proposer may look at.
     *
     * @param ordinal     the position of the candidate to propose
     * @param candidates  every candidate of the run so far
     * @param evaluated   candidates with finished trials
     * @param leaderboard eligible candidates, best first
     * @param random      seeded from the run's seed and {@code ordinal}, so resumed runs propose alike
     */
    record Context(int ordinal, List<CandidateRecord> candidates, List<Evaluated> evaluated,
            List<Leaderboard.Entry> leaderboard, Random random) {
    }

    /**
     * The next candidate.
     *
     * @throws io.archlab.agent.evolution.NoParentException when there is nothing (more) to propose from
     * @throws ProposalFailedException                      when this proposal failed but asking again may succeed
     */
    Proposal propose(Context context);

    /** Called once the proposal is stored as {@code candidate}. */
    default void proposed(CandidateRecord candidate) {
    }

    /** Called after each trial of a candidate (the LLM's analyst writes an insight here). */
    default void afterTrial(CandidateRecord candidate, TrialRecord trial) {
    }
}
