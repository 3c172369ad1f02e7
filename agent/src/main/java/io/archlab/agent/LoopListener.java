package io.archlab.agent;

import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.TrialRecord;

/** Progress of a run, for whoever is watching (the CLI prints it). */
public interface LoopListener {

    void trialStarted(int ordinal, int maxTrials, CandidateRecord candidate);

    void trialFinished(int ordinal, int maxTrials, CandidateRecord candidate, TrialRecord trial);

    /** A line of information (data source, resume, stop reason, ...). */
    void info(String message);
}
