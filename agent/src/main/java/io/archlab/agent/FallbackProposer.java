package io.archlab.agent;

import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.TrialRecord;

/**
 * A proposer whose slots never go empty: what {@code primary} (the LLM team) cannot fill, because
 * its answers could not be used ({@link ProposalFailedException}), {@code fallback} (the offline
 * proposer) fills for that slot. Such a candidate is recorded as proposed by {@value #NAME}, and
 * the reason is an event of the run, so reports and the dashboard show it as what it is. Nothing
 * else is caught: a spent LLM budget or an endpoint that stays unreachable still stop the run.
 */
public final class FallbackProposer implements Proposer {
    /** The proposer a candidate filled in for the LLM is recorded with. */
    public static final String NAME = "fallback";

    private final Proposer primary;
    private final Proposer fallback;
    private final Store store;
    private final String runId;
    private final LoopListener listener;

    public FallbackProposer(Proposer primary, Proposer fallback, Store store, String runId, LoopListener listener) {
        this.primary = primary;
        this.fallback = fallback;
        this.store = store;
        this.runId = runId;
        this.listener = listener;
    }

    @Override
    public Proposal propose(Context context) {
        try {
            return primary.propose(context);
        } catch (ProposalFailedException e) {
            String why = "proposal " + context.ordinal() + " made by the offline proposer: " + e.getMessage();
            listener.info(why);
            store.addEvent(runId, NAME, why);
            Proposal p = fallback.propose(context);
            return new Proposal(p.name(), p.source(), p.parentId(), p.changeSummary(), NAME, p.hypothesis(),
                    "the LLM's proposal could not be used: " + e.getMessage());
        }
    }

    /** The primary hears of every candidate (the LLM's failed exchanges belong to the slot they left empty). */
    @Override
    public void proposed(CandidateRecord candidate) {
        primary.proposed(candidate);
        if (NAME.equals(candidate.proposer())) {
            fallback.proposed(candidate);
        }
    }

    @Override
    public void afterTrial(CandidateRecord candidate, TrialRecord trial) {
        primary.afterTrial(candidate, trial);
    }
}
