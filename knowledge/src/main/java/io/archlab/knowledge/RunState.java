package io.archlab.knowledge;

/** Life cycle of a run. A run found {@code RUNNING} whose process is gone was interrupted. */
public enum RunState {
    RUNNING, COMPLETED, FAILED, INTERRUPTED
}
