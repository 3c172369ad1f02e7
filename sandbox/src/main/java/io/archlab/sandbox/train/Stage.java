package io.archlab.sandbox.train;

/** The step of a trial at which a failure happened. */
public enum Stage {
    COMPILE, TRACE, BUDGET, BUILD, TRAIN, EVALUATE
}
