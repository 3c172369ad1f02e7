package io.archlab.knowledge;

import static io.archlab.knowledge.AsStored.refused;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@link Store} in plain collections, for tests of the logic above the store: it behaves as
 * {@link JdbcStore} does (the same {@link StoreContractTest} holds for both) in microseconds. Lists
 * come in the same order (strings sort as H2 sorts them, by {@link String#compareTo}); a write the
 * schema refuses (a duplicate key, a reference to no row, a missing value, an update of no row)
 * throws a {@link StoreException} and changes nothing; values are kept as the database keeps them
 * ({@link AsStored}); a closed store refuses every call with an {@link IllegalStateException}, as the
 * closed connection pool does. Thread-safe: one lock.
 */
public final class InMemoryStore implements Store {
    private final Map<String, RunRecord> runs = new HashMap<>();
    private final Map<String, Candidate> candidates = new HashMap<>();
    /** Each run's candidates by ordinal. */
    private final Map<String, TreeMap<Integer, Candidate>> candidatesOfRun = new HashMap<>();
    private final Map<String, TrialRecord> trials = new HashMap<>();
    /** Each run's trials by ordinal. */
    private final Map<String, TreeMap<Integer, TrialRecord>> trialsOfRun = new HashMap<>();
    private final Map<String, List<TrialRecord>> trialsOfCandidate = new HashMap<>();
    /** Lineage edges by child id, then parent id. */
    private final TreeMap<String, TreeMap<String, LineageEdge>> lineage = new TreeMap<>();
    private final List<Embedded<InsightRecord>> insights = new ArrayList<>();
    private final TreeMap<String, Embedded<NoteRecord>> notes = new TreeMap<>();
    private final List<LlmExchangeRecord> exchanges = new ArrayList<>();
    /** By (run, candidate, reference). */
    private final Map<List<String>, AssessmentRecord> assessments = new HashMap<>();
    /** By (run, trial). */
    private final Map<List<String>, FinalEvaluationRecord> finalEvaluations = new HashMap<>();
    /** By (run, member). */
    private final Map<List<String>, ClusterMemberRecord> members = new HashMap<>();
    private final List<EventRecord> events = new ArrayList<>();
    /** The last id given, per identity column. */
    private long insightIds;
    private long exchangeIds;
    private long eventIds;
    private boolean closed;

    /** A fresh store holding one running run, {@code runId}, and nothing else (as the agent's tests start). */
    public static InMemoryStore withRun(String runId) {
        InMemoryStore store = new InMemoryStore();
        Instant now = Instant.now();
        store.createRun(new RunRecord(runId, "fashion-mnist", RunState.RUNNING, 1, "{}", "{}", "fake", "{}", null,
                "test", 0, now, now));
        return store;
    }

    @Override
    public synchronized void createRun(RunRecord run) {
        requireOpen();
        RunRecord r = AsStored.run(run);
        unique(runs.containsKey(r.id()), "runs", r.id());
        runs.put(r.id(), r);
    }

    @Override
    public synchronized Optional<RunRecord> run(String runId) {
        requireOpen();
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public synchronized List<RunRecord> runs() {
        requireOpen();
        return runs.values().stream().sorted(Comparator.comparing(RunRecord::createdAt)
                .thenComparing(RunRecord::id).reversed()).toList();
    }

    @Override
    public synchronized void updateRunState(String runId, RunState state, Long pid, String host) {
        requireOpen();
        Objects.requireNonNull(state, "state");
        RunRecord r = existingRun(runId);
        runs.put(runId, new RunRecord(r.id(), r.task(), state, r.seed(), r.configJson(), r.softwareJson(),
                r.dataSource(), r.dataChecksums(), pid, AsStored.optional("runs.host", host, 255), r.elapsedMs(),
                r.createdAt(), AsStored.now()));
    }

    @Override
    public synchronized void updateRunConfig(String runId, String configJson) {
        requireOpen();
        RunRecord r = existingRun(runId);
        runs.put(runId, new RunRecord(r.id(), r.task(), r.state(), r.seed(),
                AsStored.text("runs.config_json", configJson), r.softwareJson(), r.dataSource(), r.dataChecksums(),
                r.pid(), r.host(), r.elapsedMs(), r.createdAt(), AsStored.now()));
    }

    @Override
    public synchronized void saveCandidate(CandidateRecord candidate) {
        requireOpen();
        CandidateRecord k = AsStored.candidate(candidate);
        unique(candidates.containsKey(k.id()), "candidates", k.id());
        unique(candidatesOfRun(k.runId()).containsKey(k.ordinal()), "candidates (run_id, ordinal)",
                k.runId() + ", " + k.ordinal());
        refersTo(runs, "candidates.run_id", k.runId());
        refersTo(candidates, "candidates.parent_id", k.parentId());
        Candidate row = new Candidate(k);
        candidates.put(k.id(), row);
        candidatesOfRun.computeIfAbsent(k.runId(), id -> new TreeMap<>()).put(k.ordinal(), row);
    }

    @Override
    public synchronized void updateCandidateIr(String candidateId, String irJson, String irHash, long params,
            long macs) {
        requireOpen();
        Candidate row = existingCandidate(candidateId);
        CandidateRecord k = row.record;
        row.record = new CandidateRecord(k.id(), k.runId(), k.ordinal(), k.name(), k.proposer(), k.parentId(),
                k.changeSummary(), k.source(), AsStored.optional(irJson),
                AsStored.optional("candidates.ir_hash", irHash, 64), params, k.hypothesis(), k.motivation(),
                k.generation(), macs, k.createdAt());
    }

    @Override
    public synchronized void updateNovelty(String candidateId, String nearestId, Integer structuralDistance,
            Double hypothesisSimilarity) {
        requireOpen();
        String nearest = AsStored.optional("candidates.nearest_id", nearestId, 64);
        Candidate row = existingCandidate(candidateId);
        row.novelty = new Novelty(nearest, structuralDistance, hypothesisSimilarity);
    }

    @Override
    public synchronized Optional<Novelty> novelty(String candidateId) {
        requireOpen();
        Candidate row = candidates.get(candidateId);
        return row == null || row.novelty.structuralDistance() == null && row.novelty.hypothesisSimilarity() == null
                ? Optional.empty() : Optional.of(row.novelty);
    }

    @Override
    public synchronized Optional<CandidateRecord> candidateByHash(String runId, String irHash, String exceptId) {
        requireOpen();
        String except = exceptId == null ? "" : exceptId;
        return candidatesOfRun(runId).values().stream().map(row -> row.record)
                .filter(k -> irHash != null && irHash.equals(k.irHash()) && !k.id().equals(except)).findFirst();
    }

    @Override
    public synchronized Optional<CandidateRecord> candidate(String candidateId) {
        requireOpen();
        return Optional.ofNullable(candidates.get(candidateId)).map(row -> row.record);
    }

    @Override
    public synchronized Optional<CandidateRecord> candidateAt(String runId, int ordinal) {
        requireOpen();
        return Optional.ofNullable(candidatesOfRun(runId).get(ordinal)).map(row -> row.record);
    }

    @Override
    public synchronized List<CandidateRecord> candidates(String runId) {
        requireOpen();
        return candidatesOfRun(runId).values().stream().map(row -> row.record).toList();
    }

    @Override
    public synchronized void recordTrial(TrialRecord trial, long elapsedMs) {
        requireOpen();
        TrialRecord t = AsStored.trial(trial);
        unique(trials.containsKey(t.id()), "trials", t.id());
        unique(trialsOfRun(t.runId()).containsKey(t.ordinal()), "trials (run_id, ordinal)",
                t.runId() + ", " + t.ordinal());
        refersTo(runs, "trials.run_id", t.runId());
        refersTo(candidates, "trials.candidate_id", t.candidateId());
        EventRecord event = AsStored.event(eventIds + 1, t.runId(), "trial",
                "trial " + t.ordinal() + " finished: " + t.outcome());

        trials.put(t.id(), t);
        trialsOfRun.computeIfAbsent(t.runId(), id -> new TreeMap<>()).put(t.ordinal(), t);
        trialsOfCandidate.computeIfAbsent(t.candidateId(), id -> new ArrayList<>()).add(t);
        candidates.get(t.candidateId()).count(t);
        addElapsedTo(t.runId(), elapsedMs);
        events.add(event);
        eventIds++;
    }

    @Override
    public synchronized List<TrialRecord> trials(String runId) {
        requireOpen();
        return List.copyOf(trialsOfRun(runId).values());
    }

    @Override
    public synchronized List<TrialRecord> trialsOf(String candidateId) {
        requireOpen();
        return trialsOfCandidate.getOrDefault(candidateId, List.of()).stream()
                .sorted(Comparator.comparingInt(TrialRecord::ordinal)).toList();
    }

    @Override
    public synchronized int trialCount(String runId) {
        requireOpen();
        return trialsOfRun(runId).size();
    }

    @Override
    public synchronized int candidateCount(String runId) {
        requireOpen();
        return candidatesOfRun(runId).size();
    }

    @Override
    public synchronized List<CandidateSummary> leaderboard(String runId, int limit) {
        requireOpen();
        // SQL's best_val_accuracy >= 0: NULL is out, NaN is in and ranks above every number
        return candidatesOfRun(runId).values().stream()
                .filter(row -> row.bestValAccuracy != null && !(row.bestValAccuracy < 0))
                .sorted(Comparator.comparing((Candidate row) -> row.bestValAccuracy, Comparator.reverseOrder())
                        .thenComparingInt(row -> row.record.ordinal()))
                .limit(Math.max(0, limit)).map(Candidate::summary).toList();
    }

    @Override
    public synchronized List<CandidateSummary> summaries(String runId) {
        requireOpen();
        return candidatesOfRun(runId).values().stream().map(Candidate::summary).toList();
    }

    @Override
    public synchronized void addLineage(LineageEdge edge) {
        requireOpen();
        LineageEdge e = AsStored.edge(edge);
        unique(lineage.getOrDefault(e.childId(), new TreeMap<>()).containsKey(e.parentId()), "lineage",
                e.childId() + ", " + e.parentId());
        refersTo(candidates, "lineage.child_id", e.childId());
        refersTo(candidates, "lineage.parent_id", e.parentId());
        refersTo(runs, "lineage.run_id", e.runId());
        lineage.computeIfAbsent(e.childId(), id -> new TreeMap<>()).put(e.parentId(), e);
    }

    @Override
    public synchronized List<LineageEdge> lineage(String candidateId) {
        requireOpen();
        // JdbcStore's walk: breadth first, each ancestor once, a generation read in chunks of 500
        // children, each chunk's edges by child id, then parent id
        List<LineageEdge> out = new ArrayList<>();
        Set<String> seen = new HashSet<>(Collections.singleton(candidateId));
        List<String> frontier = Collections.singletonList(candidateId);
        for (int depth = 0; !frontier.isEmpty() && depth < JdbcStore.MAX_LINEAGE_DEPTH; depth++) {
            List<String> next = new ArrayList<>();
            for (int i = 0; i < frontier.size(); i += 500) {
                List<String> chunk = frontier.subList(i, Math.min(frontier.size(), i + 500));
                for (String child : chunk.stream().filter(Objects::nonNull).sorted().toList()) {
                    for (LineageEdge e : lineage.getOrDefault(child, new TreeMap<>()).values()) {
                        out.add(e);
                        if (seen.add(e.parentId())) {
                            next.add(e.parentId());
                        }
                    }
                }
            }
            frontier = next;
        }
        return out;
    }

    @Override
    public synchronized List<LineageEdge> lineageOfRun(String runId) {
        requireOpen();
        return lineage.values().stream().flatMap(parents -> parents.values().stream())
                .filter(e -> e.runId().equals(runId)).toList();
    }

    @Override
    public synchronized long addInsight(InsightRecord insight, float[] embedding, String model) {
        requireOpen();
        InsightRecord i = AsStored.insight(insight, insightIds + 1);
        refersTo(runs, "insights.run_id", i.runId());
        refersTo(candidates, "insights.candidate_id", i.candidateId());
        insights.add(new Embedded<>(i, copy(embedding), null));
        return ++insightIds;
    }

    @Override
    public synchronized List<Embedded<InsightRecord>> insights(String runId) {
        requireOpen();
        return insights.stream().filter(e -> e.item().runId().equals(runId))
                .map(e -> new Embedded<>(e.item(), copy(e.vector()), null)).toList();
    }

    @Override
    public synchronized void saveNote(NoteRecord note, float[] embedding, String model) {
        requireOpen();
        NoteRecord n = AsStored.note(note);
        String stored = embedding == null ? null : AsStored.optional("notes.embedding_model", model, 100);
        notes.put(n.id(), new Embedded<>(n, copy(embedding), stored));
    }

    @Override
    public synchronized List<Embedded<NoteRecord>> notes() {
        requireOpen();
        return notes.values().stream().map(e -> new Embedded<>(e.item(), copy(e.vector()), e.model())).toList();
    }

    @Override
    public synchronized long recordLlmExchange(LlmExchangeRecord exchange) {
        requireOpen();
        LlmExchangeRecord x = AsStored.exchange(exchange, exchangeIds + 1);
        refersTo(runs, "llm_exchanges.run_id", x.runId());
        refersTo(candidates, "llm_exchanges.candidate_id", x.candidateId());
        exchanges.add(x);
        return ++exchangeIds;
    }

    @Override
    public synchronized long assignLlmExchanges(String runId, long fromId, String candidateId) {
        requireOpen();
        String candidate = AsStored.optional("llm_exchanges.candidate_id", candidateId, 64);
        Predicate<LlmExchangeRecord> unassigned = x -> x.runId().equals(runId) && x.id() >= fromId
                && x.candidateId() == null;
        if (exchanges.stream().anyMatch(unassigned)) {
            refersTo(candidates, "llm_exchanges.candidate_id", candidate);
        }
        exchanges.replaceAll(x -> unassigned.test(x) ? new LlmExchangeRecord(x.id(), x.runId(), candidate, x.role(),
                x.model(), x.prompt(), x.response(), x.promptTokens(), x.completionTokens(), x.latencyMs(),
                x.costUsd(), x.error(), x.at()) : x);
        return exchanges.stream().filter(x -> x.runId().equals(runId)).mapToLong(LlmExchangeRecord::id).max()
                .orElse(0) + 1;
    }

    @Override
    public synchronized LlmSpend llmSpend(String runId) {
        requireOpen();
        // as the SQL sums: negative counts and costs (stored before the gateway refused them) count as 0
        int count = 0;
        int failed = 0;
        long prompt = 0;
        long completion = 0;
        double usd = 0;
        for (LlmExchangeRecord x : exchanges) {
            if (x.runId().equals(runId)) {
                count++;
                failed += x.error() == null ? 0 : 1;
                prompt += x.promptTokens() != null && x.promptTokens() > 0 ? x.promptTokens() : 0;
                completion += x.completionTokens() != null && x.completionTokens() > 0 ? x.completionTokens() : 0;
                usd += x.costUsd() != null && x.costUsd() > 0 ? x.costUsd() : 0;
            }
        }
        return new LlmSpend(count, failed, prompt, completion, usd);
    }

    @Override
    public synchronized List<LlmExchangeRecord> llmExchanges(String runId) {
        requireOpen();
        return exchanges.stream().filter(x -> x.runId().equals(runId)).toList();
    }

    @Override
    public synchronized void saveAssessment(AssessmentRecord assessment) {
        requireOpen();
        AssessmentRecord a = AsStored.assessment(assessment);
        refersTo(runs, "assessments.run_id", a.runId());
        refersTo(candidates, "assessments.candidate_id", a.candidateId());
        refersTo(candidates, "assessments.reference_id", a.referenceId());
        assessments.put(List.of(a.runId(), a.candidateId(), a.referenceId(), a.referenceKind()), a);
    }

    @Override
    public synchronized List<AssessmentRecord> assessments(String runId) {
        requireOpen();
        return ofRun(assessments.values(), AssessmentRecord::runId, runId, Comparator
                .comparing(AssessmentRecord::assessedAt).thenComparing(AssessmentRecord::candidateId)
                .thenComparing(AssessmentRecord::referenceId));
    }

    @Override
    public synchronized void addElapsed(String runId, long elapsedMs) {
        requireOpen();
        existingRun(runId);
        addElapsedTo(runId, elapsedMs);
    }

    @Override
    public synchronized void saveFinalEvaluation(FinalEvaluationRecord evaluation) {
        requireOpen();
        FinalEvaluationRecord e = AsStored.finalEvaluation(evaluation);
        refersTo(runs, "final_evaluations.run_id", e.runId());
        refersTo(candidates, "final_evaluations.candidate_id", e.candidateId());
        refersTo(trials, "final_evaluations.trial_id", e.trialId());
        finalEvaluations.put(List.of(e.runId(), e.trialId()), e);
    }

    @Override
    public synchronized List<FinalEvaluationRecord> finalEvaluations(String runId) {
        requireOpen();
        return ofRun(finalEvaluations.values(), FinalEvaluationRecord::runId, runId, Comparator
                .comparing(FinalEvaluationRecord::evaluatedAt).thenComparing(FinalEvaluationRecord::trialId));
    }

    @Override
    public synchronized void saveClusterMembers(String runId, List<ClusterMemberRecord> members) {
        for (ClusterMemberRecord m : members) {
            if (!runId.equals(m.runId())) {
                throw new IllegalArgumentException("member " + m.memberId() + " is of run " + m.runId() + ", not "
                        + runId);
            }
        }
        if (members.isEmpty()) {
            return;   // as JdbcStore: not even a closed store is asked
        }
        requireOpen();
        List<ClusterMemberRecord> stored = members.stream().map(AsStored::member).toList();
        for (ClusterMemberRecord m : stored) {
            refersTo(runs, "cluster_members.run_id", m.runId());
        }
        for (ClusterMemberRecord m : stored) {
            this.members.put(List.of(m.runId(), m.memberId()), m);
        }
    }

    @Override
    public synchronized List<ClusterMemberRecord> clusterMembers(String runId) {
        requireOpen();
        return ofRun(members.values(), ClusterMemberRecord::runId, runId, Comparator
                .comparing(ClusterMemberRecord::joinedAt).thenComparing(ClusterMemberRecord::memberId));
    }

    @Override
    public synchronized void addEvent(String runId, String kind, String message) {
        requireOpen();
        EventRecord e = AsStored.event(eventIds + 1, runId, kind, message);
        refersTo(runs, "events.run_id", e.runId());
        events.add(e);
        eventIds++;
    }

    @Override
    public synchronized List<EventRecord> events(String runId) {
        requireOpen();
        return events.stream().filter(e -> e.runId().equals(runId)).toList();
    }

    /** Closes the store: every later call but {@code close} throws {@link IllegalStateException}. */
    @Override
    public synchronized void close() {
        closed = true;
    }

    /** A candidate's row: its record (IR and costs as last updated), the summary of its trials, its novelty. */
    private static final class Candidate {
        CandidateRecord record;
        Double bestValAccuracy;
        Double bestLatencyMs;
        int trials;
        Novelty novelty = new Novelty(null, null, null);

        Candidate(CandidateRecord record) {
            this.record = record;
        }

        /** Counts a trial as JdbcStore's UPDATE does: a failed trial adds no accuracy nor latency. */
        void count(TrialRecord t) {
            trials++;
            Double val = t.succeeded() ? t.valAccuracy() : null;
            Double latency = t.succeeded() ? t.latencyMs() : null;
            // SQL's comparisons: NaN is above every number
            if (val != null && (bestValAccuracy == null || Double.compare(bestValAccuracy, val) < 0)) {
                bestValAccuracy = val;
            }
            if (latency != null && (bestLatencyMs == null || Double.compare(bestLatencyMs, latency) > 0)) {
                bestLatencyMs = latency;
            }
        }

        CandidateSummary summary() {
            CandidateRecord k = record;
            return new CandidateSummary(k.id(), k.ordinal(), k.name(), k.proposer(), k.parentId(), k.generation(),
                    k.params(), k.macs(), bestValAccuracy, bestLatencyMs, trials);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the store is closed");
        }
    }

    /** The run's candidates by ordinal (empty for no run; a view, not a copy). */
    private TreeMap<Integer, Candidate> candidatesOfRun(String runId) {
        return candidatesOfRun.getOrDefault(runId, new TreeMap<>());
    }

    /** The run's trials by ordinal (empty for no run; a view, not a copy). */
    private TreeMap<Integer, TrialRecord> trialsOfRun(String runId) {
        return trialsOfRun.getOrDefault(runId, new TreeMap<>());
    }

    private RunRecord existingRun(String runId) {
        RunRecord r = runs.get(runId);
        if (r == null) {
            throw new StoreException("run " + runId + " does not exist", null);
        }
        return r;
    }

    private Candidate existingCandidate(String candidateId) {
        Candidate row = candidates.get(candidateId);
        if (row == null) {
            throw new StoreException("candidate " + candidateId + " does not exist", null);
        }
        return row;
    }

    private void addElapsedTo(String runId, long elapsedMs) {
        RunRecord r = runs.get(runId);
        runs.put(runId, r.withElapsed(r.elapsedMs() + elapsedMs).withTimes(r.createdAt(), AsStored.now()));
    }

    private static void unique(boolean taken, String table, String key) {
        if (taken) {
            throw refused("duplicate key in " + table + ": " + key);
        }
    }

    /** Refuses a reference ({@code id}, unless null) to no row of {@code table}. */
    private static void refersTo(Map<String, ?> table, String column, String id) {
        if (id != null && !table.containsKey(id)) {
            throw refused(column + " refers to no row: " + id);
        }
    }

    private static <T> List<T> ofRun(Collection<T> rows, Function<T, String> run, String runId,
            Comparator<T> order) {
        return rows.stream().filter(r -> run.apply(r).equals(runId)).sorted(order).toList();
    }

    private static float[] copy(float[] vector) {
        return vector == null ? null : vector.clone();
    }
}
