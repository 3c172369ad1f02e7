package io.archlab.agent;

/**
 * This proposal could not be made (the model's answers could not be used), but asking again may
 * succeed. A run with an LLM fills the slot with its offline proposer ({@link FallbackProposer});
 * a proposer without one is asked again by the loop, which stops the run, resumable, only after
 * {@link FailedProposals#LIMIT} failures in a row. Unlike
 * {@link io.archlab.agent.evolution.NoParentException}, which says there is nothing (more) to
 * propose from.
 */
public final class ProposalFailedException extends RuntimeException {
    public ProposalFailedException(String message) {
        super(message);
    }
}
