package io.archlab.agent;

import io.archlab.knowledge.Store;

/**
 * Proposals that failed in a row. Each failure is an event and the loop asks again; {@link #LIMIT}
 * in a row stop the run, resumable, so an endpoint that never answers usably cannot spend the
 * budget for nothing. A proposal that succeeds starts the count anew.
 */
final class FailedProposals {
    /** Failed proposals in a row that stop the run. */
    static final int LIMIT = 3;

    private final Store store;
    private final String runId;
    private final LoopListener listener;
    private int inARow;

    FailedProposals(Store store, String runId, LoopListener listener) {
        this.store = store;
        this.runId = runId;
        this.listener = listener;
    }

    /** Records a failed proposal; true when it is the {@link #LIMIT}-th in a row and the run must stop. */
    boolean stops(ProposalFailedException e) {
        inARow++;
        String failed = "proposal failed (" + inARow + " of " + LIMIT + " in a row): " + e.getMessage();
        listener.info(failed);
        store.addEvent(runId, "proposal", failed);
        if (inARow < LIMIT) {
            return false;
        }
        String why = LIMIT + " proposals in a row failed; last: " + e.getMessage();
        listener.info("stopping: " + why);
        store.addEvent(runId, "stopped", why);
        return true;
    }

    void succeeded() {
        inARow = 0;
    }
}
