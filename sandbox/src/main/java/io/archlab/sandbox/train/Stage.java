package io.archlab.sandbox.train;

/** The step of a trial at which a failure happened ({@code PRESCREEN}: after the checks, before training). */
public enum Stage {
    POLICY, COMPILE, TRACE, BUDGET, PRESCREEN, BUILD, TRAIN, EVALUATE
}
