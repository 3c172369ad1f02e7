package io.archlab.agent;

import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.TrialRecord;

/** Progress of a run, for whoever is watching (the CLI prints it). */
public interface LoopListener {

    void trialStarted(int ordinal, int maxTrials, CandidateRecord candidate);

    void trialFinished(int ordinal, int maxTrials, CandidateRecord candidate, TrialRecord trial);

    /** A line of information (data source, resume, stop reason, ...). */
    void info(String message);

    /**
     * Where the run stands after a trial.
     *
     * @param best         best validation accuracy so far, or null
     * @param etaSeconds   estimated time to the trial budget (NaN when unknown)
     * @param llmUsd       LLM spend so far, or null without an LLM
     * @param llmTokens    LLM tokens so far, or null without an LLM
     */
    record Progress(int trialsDone, int maxTrials, Double best, String bestName, double elapsedSeconds,
            double etaSeconds, Double llmUsd, Long llmTokens) {
    }

    /** Called after each recorded trial. */
    default void progress(Progress p) {
    }
}
