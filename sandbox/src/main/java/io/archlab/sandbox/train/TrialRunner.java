package io.archlab.sandbox.train;

/** Runs one trial: DSL source in, a typed result out. Never throws for a candidate's own failure. */
public interface TrialRunner extends AutoCloseable {

    TrialResult run(TrialRequest request);

    /**
     * Runs one trial and, at each of its compute's rungs, asks {@code gate} whether it goes on; a
     * trial the gate stops ends as {@link FailureKind#PRUNED} with the rung's metrics. A runner that
     * cannot stop a trial early trains it fully (the default).
     */
    default TrialResult run(TrialRequest request, RungGate gate) {
        return run(request);
    }

    /** Which worker ran this thread's last trial, for the record (e.g. {@code worker pid 4242}). */
    default String lastWorker() {
        return "in-process";
    }

    /**
     * How many trials this runner can train at once right now, when it knows (a cluster: the free
     * and busy slots of its members, which change as members join and leave); 0 when it has no
     * say, and the run's {@code --parallel} alone decides.
     */
    default int capacity() {
        return 0;
    }

    @Override
    void close();
}
