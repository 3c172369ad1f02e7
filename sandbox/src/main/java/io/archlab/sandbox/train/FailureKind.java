package io.archlab.sandbox.train;

/**
 * Why a trial failed; each kind goes back to whoever wrote the candidate with its message.
 * {@link #PRESCREENED} is no fault of the candidate: it passed every check but a zero-cost proxy
 * judged it unpromising, so it was not trained.
 */
public enum FailureKind {
    POLICY_VIOLATION, COMPILE_ERROR, SHAPE_ERROR, DUPLICATE, OVER_BUDGET, TIMEOUT, OUT_OF_MEMORY, DIVERGED, CRASHED,
    PRESCREENED
}
