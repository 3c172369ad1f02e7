package io.archlab.sandbox.train;

/** The step of a trial at which a failure happened. */
public enum Stage {
    POLICY, COMPILE, TRACE, BUDGET, BUILD, TRAIN, EVALUATE
}
