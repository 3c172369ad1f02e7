package io.archlab.sandbox.train;

/** Runs one trial: DSL source in, a typed result out. Never throws for a candidate's own failure. */
public interface TrialRunner extends AutoCloseable {

    TrialResult run(TrialRequest request);

    /** Which worker ran this thread's last trial, for the record (e.g. {@code worker pid 4242}). */
    default String lastWorker() {
        return "in-process";
    }

    @Override
    void close();
}
