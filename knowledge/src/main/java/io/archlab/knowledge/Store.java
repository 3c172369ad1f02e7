package io.archlab.knowledge;

import java.util.List;
import java.util.Optional;

/**
 * The knowledge base: everything a run produces, kept so that runs resume exactly and the
 * dashboard and reports can show it. Implementations are thread-safe.
 */
public interface Store extends AutoCloseable {

    void createRun(RunRecord run);

    Optional<RunRecord> run(String runId);

    /** All runs, newest first. */
    List<RunRecord> runs();

    /** Sets a run's state and the process now responsible for it. */
    void updateRunState(String runId, RunState state, Long pid, String host);

    /** Stores a candidate; its (run, ordinal) must be new. */
    void saveCandidate(CandidateRecord candidate);

    /** Records a candidate's IR once it is known (after its source was traced). */
    void updateCandidateIr(String candidateId, String irJson, String irHash, long params);

    Optional<CandidateRecord> candidate(String candidateId);

    Optional<CandidateRecord> candidateAt(String runId, int ordinal);

    /** A run's candidates by ordinal. */
    List<CandidateRecord> candidates(String runId);

    /**
     * Records a finished trial and adds {@code elapsedMs} to the run's active time, atomically: after
     * a crash either both are stored or neither.
     *
     * @throws StoreException if a trial with the same (run, ordinal) exists
     */
    void recordTrial(TrialRecord trial, long elapsedMs);

    /** A run's trials by ordinal. */
    List<TrialRecord> trials(String runId);

    /** Adds active time that no trial accounts for (start-up, final evaluation). */
    void addElapsed(String runId, long elapsedMs);

    void saveFinalEvaluation(FinalEvaluationRecord evaluation);

    List<FinalEvaluationRecord> finalEvaluations(String runId);

    void addEvent(String runId, String kind, String message);

    /** A run's events, oldest first. */
    List<EventRecord> events(String runId);

    @Override
    void close();
}
