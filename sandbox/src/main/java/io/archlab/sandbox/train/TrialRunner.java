package io.archlab.sandbox.train;

/** Runs one trial: DSL source in, a typed result out. Never throws for a candidate's own failure. */
public interface TrialRunner extends AutoCloseable {

    TrialResult run(TrialRequest request);

    @Override
    void close();
}
