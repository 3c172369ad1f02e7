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

    /** Replaces the stored configuration of a run (what it decided once it started, such as its compute). */
    void updateRunConfig(String runId, String configJson);

    /** Stores a candidate; its (run, ordinal) must be new. */
    void saveCandidate(CandidateRecord candidate);

    /** Records a candidate's IR and its static costs once known (after its source was traced). */
    void updateCandidateIr(String candidateId, String irJson, String irHash, long params, long macs);

    /**
     * Records how novel a candidate is: its structurally nearest earlier candidate (or null), the
     * number of IR edits to it, and the highest similarity of its hypothesis to an earlier one (or null).
     */
    void updateNovelty(String candidateId, String nearestId, Integer structuralDistance, Double hypothesisSimilarity);

    /** The novelty recorded for a candidate, if any. */
    Optional<Novelty> novelty(String candidateId);

    /** A candidate's novelty as recorded when it was first traced. */
    record Novelty(String nearestId, Integer structuralDistance, Double hypothesisSimilarity) {
    }

    /** A candidate of the run with this IR hash other than {@code exceptId}, if any: a duplicate. */
    Optional<CandidateRecord> candidateByHash(String runId, String irHash, String exceptId);

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

    /** A candidate's trials by ordinal. */
    List<TrialRecord> trialsOf(String candidateId);

    int trialCount(String runId);

    int candidateCount(String runId);

    /** The run's candidates with a succeeded trial, best validation accuracy first (ties: lower ordinal). */
    List<CandidateSummary> leaderboard(String runId, int limit);

    /** Summaries of all the run's candidates, by ordinal: the input of Pareto fronts and dashboards. */
    List<CandidateSummary> summaries(String runId);

    void addLineage(LineageEdge edge);

    /** The ancestry of a candidate: every edge on a path from it to a root, nearest first, each once. */
    List<LineageEdge> lineage(String candidateId);

    /** All lineage edges of a run. */
    List<LineageEdge> lineageOfRun(String runId);

    /** Stores an insight with its embedding (or null) and returns its id. */
    long addInsight(InsightRecord insight, float[] embedding, String model);

    /** A run's insights, oldest first. */
    List<Embedded<InsightRecord>> insights(String runId);

    /** Adds a design note, replacing one with the same id. */
    void saveNote(NoteRecord note, float[] embedding, String model);

    /** All design notes, by id. */
    List<Embedded<NoteRecord>> notes();

    /** Records an exchange with a language model (credentials redacted) and returns its id. */
    long recordLlmExchange(LlmExchangeRecord exchange);

    /**
     * Links the run's exchanges with id {@code >= fromId} that concern no candidate yet to
     * {@code candidateId}; returns the id after the run's last exchange.
     */
    long assignLlmExchanges(String runId, long fromId, String candidateId);

    /** Totals of a run's LLM exchanges, summed by the database (no prompt is read). */
    LlmSpend llmSpend(String runId);

    /** A run's LLM exchanges, oldest first. */
    List<LlmExchangeRecord> llmExchanges(String runId);

    /** Stores a verdict, replacing an earlier one for the same candidate and reference. */
    void saveAssessment(AssessmentRecord assessment);

    List<AssessmentRecord> assessments(String runId);

    /** Adds active time that no trial accounts for (start-up, final evaluation). */
    void addElapsed(String runId, long elapsedMs);

    /** Stores one evaluated model's test accuracy; saving again for the same trial replaces it. */
    void saveFinalEvaluation(FinalEvaluationRecord evaluation);

    /** Every evaluated model of the run (several per candidate: one per seed), oldest first. */

    List<FinalEvaluationRecord> finalEvaluations(String runId);

    /**
     * Stores the members of the run's cluster as last reported, in one transaction: each replaces the
     * record with its (run, member id), or is added; members not in {@code members} are left as they are.
     *
     * @throws IllegalArgumentException if a member's run is not {@code runId}
     */
    void saveClusterMembers(String runId, List<ClusterMemberRecord> members);

    /** The run's cluster members, by time of joining, then member id; empty for a run without any (or no run). */
    List<ClusterMemberRecord> clusterMembers(String runId);

    void addEvent(String runId, String kind, String message);

    /** A run's events, oldest first. */
    List<EventRecord> events(String runId);

    @Override
    void close();
}
