package io.archlab.sandbox.train;

/**
 * Why a trial failed; each kind goes back to whoever wrote the candidate with its message.
 * {@link #PRESCREENED} is no fault of the candidate: it passed every check but a zero-cost proxy
 * judged it unpromising, so it was not trained. {@code NOT_IN_SPACE}: the network is valid but
 * outside the task's fixed search space (e.g. not a NAS-Bench-201 network on the {@code nb201} task).
 * {@link #CAPPED}: training reached the trial's safety cap on time before its step budget was done;
 * its partial metrics are kept, but it is never ranked or tested as if it had trained fully.
 * {@link #PRUNED}: no fault either: at one of its rungs its validation accuracy was not among the
 * best of the screenings measured there, so it stopped early (asynchronous successive halving); its
 * metrics are those of the rung, and it may be resumed later.
 */
public enum FailureKind {
    POLICY_VIOLATION, COMPILE_ERROR, SHAPE_ERROR, DUPLICATE, OVER_BUDGET, TIMEOUT, OUT_OF_MEMORY, DIVERGED, CRASHED,
    PRESCREENED, NOT_IN_SPACE, CAPPED, PRUNED
}
