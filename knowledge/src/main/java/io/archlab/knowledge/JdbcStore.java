package io.archlab.knowledge;

import static io.archlab.knowledge.Jdbc.doubleOrNull;
import static io.archlab.knowledge.Jdbc.instant;
import static io.archlab.knowledge.Jdbc.intOrNull;
import static io.archlab.knowledge.Jdbc.longOrNull;
import static io.archlab.knowledge.Jdbc.query;
import static io.archlab.knowledge.Jdbc.update;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The {@link Store} over JDBC. The schema is created and upgraded by Flyway migrations
 * ({@code db/migration/V*.sql}) when the store opens; the SQL is portable between H2 and
 * PostgreSQL.
 */
public final class JdbcStore implements Store {
    private final DataSource dataSource;
    private final AutoCloseable onClose;

    /**
     * Opens a store over {@code dataSource}, migrating its schema to the current version.
     *
     * @param onClose released when the store closes (a pool), or null
     */
    public JdbcStore(DataSource dataSource, AutoCloseable onClose) {
        this.dataSource = dataSource;
        this.onClose = onClose;
        try {
            Flyway.configure(JdbcStore.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("cannot migrate the knowledge base schema: " + e.getMessage(), e);
        }
    }

    @Override
    public void createRun(RunRecord r) {
        tx(c -> update(c, "INSERT INTO runs (id, task, state, seed, config_json, software_json, data_source,"
                + " data_checksums, pid, host, elapsed_ms, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.id(), r.task(), r.state().name(), r.seed(), r.configJson(), r.softwareJson(), r.dataSource(),
                r.dataChecksums(), r.pid(), r.host(), r.elapsedMs(), r.createdAt(), r.updatedAt()));
    }

    @Override
    public Optional<RunRecord> run(String runId) {
        return first(read(c -> query(c, "SELECT * FROM runs WHERE id = ?", JdbcStore::runRow, runId)));
    }

    @Override
    public List<RunRecord> runs() {
        return read(c -> query(c, "SELECT * FROM runs ORDER BY created_at DESC, id DESC", JdbcStore::runRow));
    }

    @Override
    public void updateRunState(String runId, RunState state, Long pid, String host) {
        tx(c -> requireOne(update(c, "UPDATE runs SET state = ?, pid = ?, host = ?, updated_at = ? WHERE id = ?",
                state.name(), pid, host, Instant.now(), runId), "run " + runId));
    }

    @Override
    public void updateRunConfig(String runId, String configJson) {
        tx(c -> requireOne(update(c, "UPDATE runs SET config_json = ?, updated_at = ? WHERE id = ?", configJson,
                Instant.now(), runId), "run " + runId));
    }

    /** A candidate with its code (the code lives in its own table: see migration V5). */
    private static final String CANDIDATE_COLUMNS = "SELECT c.*, k.source, k.ir_json FROM candidates c"
            + " JOIN candidate_code k ON k.candidate_id = c.id";

    @Override
    public void saveCandidate(CandidateRecord k) {
        tx(c -> {
            update(c, "INSERT INTO candidates (id, run_id, ordinal, name, proposer, parent_id, change_summary,"
                    + " ir_hash, params, hypothesis, motivation, generation, macs, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    k.id(), k.runId(), k.ordinal(), k.name(), k.proposer(), k.parentId(), k.changeSummary(),
                    k.irHash(), k.params(), k.hypothesis(), k.motivation(), k.generation(), k.macs(), k.createdAt());
            return update(c, "INSERT INTO candidate_code (candidate_id, source, ir_json) VALUES (?, ?, ?)", k.id(),
                    k.source(), k.irJson());
        });
    }

    @Override
    public void updateCandidateIr(String candidateId, String irJson, String irHash, long params, long macs) {
        tx(c -> {
            requireOne(update(c, "UPDATE candidates SET ir_hash = ?, params = ?, macs = ? WHERE id = ?", irHash, params,
                    macs, candidateId), "candidate " + candidateId);
            return update(c, "UPDATE candidate_code SET ir_json = ? WHERE candidate_id = ?", irJson, candidateId);
        });
    }

    @Override
    public void updateNovelty(String candidateId, String nearestId, Integer structuralDistance,
            Double hypothesisSimilarity) {
        tx(c -> requireOne(update(c, "UPDATE candidates SET nearest_id = ?, structural_distance = ?,"
                + " hypothesis_similarity = ? WHERE id = ?", nearestId, structuralDistance, hypothesisSimilarity,
                candidateId), "candidate " + candidateId));
    }

    @Override
    public Optional<Novelty> novelty(String candidateId) {
        return first(read(c -> query(c, "SELECT nearest_id, structural_distance, hypothesis_similarity FROM candidates"
                + " WHERE id = ? AND (structural_distance IS NOT NULL OR hypothesis_similarity IS NOT NULL)",
                rs -> new Novelty(rs.getString("nearest_id"), intOrNull(rs, "structural_distance"),
                        doubleOrNull(rs, "hypothesis_similarity")), candidateId)));
    }

    @Override
    public Optional<CandidateRecord> candidateByHash(String runId, String irHash, String exceptId) {
        return first(read(c -> query(c, CANDIDATE_COLUMNS + " WHERE c.run_id = ? AND c.ir_hash = ? AND c.id <> ?"
                + " ORDER BY c.ordinal", JdbcStore::candidateRow, runId, irHash, exceptId == null ? "" : exceptId)));
    }

    @Override
    public Optional<CandidateRecord> candidate(String candidateId) {
        return first(read(c -> query(c, CANDIDATE_COLUMNS + " WHERE c.id = ?", JdbcStore::candidateRow,
                candidateId)));
    }

    @Override
    public Optional<CandidateRecord> candidateAt(String runId, int ordinal) {
        return first(read(c -> query(c, CANDIDATE_COLUMNS + " WHERE c.run_id = ? AND c.ordinal = ?",
                JdbcStore::candidateRow, runId, ordinal)));
    }

    @Override
    public List<CandidateRecord> candidates(String runId) {
        return read(c -> query(c, CANDIDATE_COLUMNS + " WHERE c.run_id = ? ORDER BY c.ordinal",
                JdbcStore::candidateRow, runId));
    }

    @Override
    public void recordTrial(TrialRecord t, long elapsedMs) {
        tx(c -> {
            update(c, "INSERT INTO trials (id, run_id, candidate_id, ordinal, seed, budget_seconds, outcome,"
                    + " failure_stage, message, val_accuracy, train_loss, epochs, steps, train_seconds, total_seconds,"
                    + " samples_per_second, curve_json, weights_path, latency_ms, peak_rss_bytes, fidelity, worker,"
                    + " started_at, finished_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    t.id(), t.runId(), t.candidateId(), t.ordinal(), t.seed(), t.budgetSeconds(), t.outcome(),
                    t.failureStage(), Secrets.redact(t.message()), t.valAccuracy(), t.trainLoss(), t.epochs(), t.steps(),
                    t.trainSeconds(), t.totalSeconds(), t.samplesPerSecond(), t.curveJson(), t.weightsPath(),
                    t.latencyMs(), t.peakRssBytes(), t.fidelity(), t.worker(), t.startedAt(), t.finishedAt());
            Double val = t.succeeded() ? t.valAccuracy() : null;
            Double latency = t.succeeded() ? t.latencyMs() : null;
            // GREATEST/LEAST treat NULL differently in H2 and PostgreSQL: spelled out instead.
            requireOne(update(c, "UPDATE candidates SET trial_count = trial_count + 1,"
                    + " best_val_accuracy = CASE WHEN best_val_accuracy IS NULL OR best_val_accuracy < ? THEN ?"
                    + " ELSE best_val_accuracy END,"
                    + " best_latency_ms = CASE WHEN best_latency_ms IS NULL OR best_latency_ms > ? THEN ?"
                    + " ELSE best_latency_ms END WHERE id = ?",
                    val == null ? -1.0 : val, val, latency == null ? Double.MAX_VALUE : latency, latency,
                    t.candidateId()), "candidate " + t.candidateId());
            requireOne(update(c, "UPDATE runs SET elapsed_ms = elapsed_ms + ?, updated_at = ? WHERE id = ?",
                    elapsedMs, Instant.now(), t.runId()), "run " + t.runId());
            insertEvent(c, t.runId(), "trial", "trial " + t.ordinal() + " finished: " + t.outcome());
            return null;
        });
    }

    @Override
    public List<TrialRecord> trials(String runId) {
        return read(c -> query(c, "SELECT * FROM trials WHERE run_id = ? ORDER BY ordinal", JdbcStore::trialRow,
                runId));
    }

    @Override
    public List<TrialRecord> trialsOf(String candidateId) {
        return read(c -> query(c, "SELECT * FROM trials WHERE candidate_id = ? ORDER BY ordinal", JdbcStore::trialRow,
                candidateId));
    }

    @Override
    public int trialCount(String runId) {
        return read(c -> query(c, "SELECT COUNT(*) FROM trials WHERE run_id = ?", rs -> rs.getInt(1), runId)).get(0);
    }

    @Override
    public int candidateCount(String runId) {
        return read(c -> query(c, "SELECT COUNT(*) FROM candidates WHERE run_id = ?", rs -> rs.getInt(1), runId))
                .get(0);
    }

    private static final String SUMMARY_COLUMNS = "SELECT id, ordinal, name, proposer, parent_id, generation, params,"
            + " macs, best_val_accuracy, best_latency_ms, trial_count FROM candidates";

    @Override
    public List<CandidateSummary> leaderboard(String runId, int limit) {
        // Spelled so that H2 reads the first rows straight from candidates_leaderboard (migration V5):
        // a range on the score and the index's leading column in the ORDER BY.
        return read(c -> query(c, SUMMARY_COLUMNS + " WHERE run_id = ? AND best_val_accuracy >= 0"
                + " ORDER BY run_id, best_val_accuracy DESC, ordinal FETCH FIRST " + Math.max(0, limit) + " ROWS ONLY",
                JdbcStore::summaryRow, runId));
    }

    @Override
    public List<CandidateSummary> summaries(String runId) {
        return read(c -> query(c, SUMMARY_COLUMNS + " WHERE run_id = ? ORDER BY ordinal", JdbcStore::summaryRow,
                runId));
    }

    @Override
    public void addLineage(LineageEdge e) {
        tx(c -> update(c, "INSERT INTO lineage (child_id, parent_id, run_id, diff_summary) VALUES (?, ?, ?, ?)",
                e.childId(), e.parentId(), e.runId(), e.diffSummary()));
    }

    @Override
    public List<LineageEdge> lineage(String candidateId) {
        // Breadth-first, one query per generation: each ancestor once however many paths lead to it
        // (crossover gives a candidate two parents; a recursive UNION ALL would repeat shared ancestors
        // once per path, exponentially in depth).
        return read(c -> {
            List<LineageEdge> out = new java.util.ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>(List.of(candidateId));
            List<String> frontier = List.of(candidateId);
            for (int depth = 0; !frontier.isEmpty() && depth < MAX_LINEAGE_DEPTH; depth++) {
                List<String> next = new java.util.ArrayList<>();
                for (int i = 0; i < frontier.size(); i += 500) {
                    List<String> chunk = frontier.subList(i, Math.min(frontier.size(), i + 500));
                    String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
                    for (LineageEdge e : query(c, "SELECT child_id, parent_id, run_id, diff_summary FROM lineage"
                            + " WHERE child_id IN (" + marks + ") ORDER BY child_id, parent_id", JdbcStore::edgeRow,
                            chunk.toArray())) {
                        out.add(e);
                        if (seen.add(e.parentId())) {
                            next.add(e.parentId());
                        }
                    }
                }
                frontier = next;
            }
            return out;
        });
    }

    /** Deeper ancestries are cut (a cycle cannot be stored, but a bound costs nothing). */
    static final int MAX_LINEAGE_DEPTH = 10_000;

    @Override
    public List<LineageEdge> lineageOfRun(String runId) {
        return read(c -> query(c, "SELECT child_id, parent_id, run_id, diff_summary FROM lineage WHERE run_id = ?"
                + " ORDER BY child_id, parent_id", JdbcStore::edgeRow, runId));
    }

    @Override
    public long addInsight(InsightRecord i, float[] embedding, String model) {
        return tx(c -> insertReturningId(c, "INSERT INTO insights (run_id, candidate_id, author, text, embedding,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?)", i.runId(), i.candidateId(), i.author(), i.text(),
                Vectors.toBytes(embedding), i.createdAt()));
    }

    @Override
    public List<Embedded<InsightRecord>> insights(String runId) {
        return read(c -> query(c, "SELECT * FROM insights WHERE run_id = ? ORDER BY id",
                rs -> new Embedded<>(new InsightRecord(rs.getLong("id"), rs.getString("run_id"),
                        rs.getString("candidate_id"), rs.getString("author"), rs.getString("text"),
                        instant(rs, "created_at")), Vectors.fromBytes(rs.getBytes("embedding")), null), runId));
    }

    @Override
    public void saveNote(NoteRecord n, float[] embedding, String model) {
        tx(c -> {
            update(c, "DELETE FROM notes WHERE id = ?", n.id());
            return update(c, "INSERT INTO notes (id, title, body, tags, source, embedding, embedding_model, added_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", n.id(), n.title(), n.body(), n.tags(), n.source(),
                    Vectors.toBytes(embedding), embedding == null ? null : model, n.addedAt());
        });
    }

    @Override
    public List<Embedded<NoteRecord>> notes() {
        return read(c -> query(c, "SELECT * FROM notes ORDER BY id",
                rs -> new Embedded<>(new NoteRecord(rs.getString("id"), rs.getString("title"), rs.getString("body"),
                        rs.getString("tags"), rs.getString("source"), instant(rs, "added_at")),
                        Vectors.fromBytes(rs.getBytes("embedding")), rs.getString("embedding_model"))));
    }

    @Override
    public long recordLlmExchange(LlmExchangeRecord x) {
        return tx(c -> insertReturningId(c, "INSERT INTO llm_exchanges (run_id, candidate_id, role, model, prompt,"
                + " response, prompt_tokens, completion_tokens, latency_ms, cost_usd, error, at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", x.runId(), x.candidateId(), x.role(), x.model(),
                Secrets.redact(x.prompt()), Secrets.redact(x.response()), x.promptTokens(), x.completionTokens(),
                x.latencyMs(), x.costUsd(), Secrets.redact(x.error()), x.at()));
    }

    @Override
    public long assignLlmExchanges(String runId, long fromId, String candidateId) {
        return tx(c -> {
            update(c, "UPDATE llm_exchanges SET candidate_id = ? WHERE run_id = ? AND id >= ? AND candidate_id IS NULL",
                    candidateId, runId, fromId);
            return query(c, "SELECT COALESCE(MAX(id), 0) + 1 FROM llm_exchanges WHERE run_id = ?", rs -> rs.getLong(1),
                    runId).get(0);
        });
    }

    @Override
    public LlmSpend llmSpend(String runId) {
        // negative counts (stored before the gateway refused them) never lower a run's spend
        return read(c -> query(c, "SELECT COUNT(*), COUNT(error),"
                + " COALESCE(SUM(CASE WHEN prompt_tokens > 0 THEN prompt_tokens ELSE 0 END), 0),"
                + " COALESCE(SUM(CASE WHEN completion_tokens > 0 THEN completion_tokens ELSE 0 END), 0),"
                + " COALESCE(SUM(CASE WHEN cost_usd > 0 THEN cost_usd ELSE 0 END), 0)"
                + " FROM llm_exchanges WHERE run_id = ?",
                rs -> new LlmSpend(rs.getInt(1), rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getDouble(5)), runId))
                .get(0);
    }

    @Override
    public List<LlmExchangeRecord> llmExchanges(String runId) {
        return read(c -> query(c, "SELECT * FROM llm_exchanges WHERE run_id = ? ORDER BY id",
                rs -> new LlmExchangeRecord(rs.getLong("id"), rs.getString("run_id"), rs.getString("candidate_id"),
                        rs.getString("role"), rs.getString("model"), rs.getString("prompt"), rs.getString("response"),
                        intOrNull(rs, "prompt_tokens"), intOrNull(rs, "completion_tokens"), rs.getDouble("latency_ms"),
                        doubleOrNull(rs, "cost_usd"), rs.getString("error"), instant(rs, "at")), runId));
    }

    @Override
    public void saveAssessment(AssessmentRecord a) {
        tx(c -> {
            update(c, "DELETE FROM assessments WHERE run_id = ? AND candidate_id = ? AND reference_id = ?"
                    + " AND reference_kind = ?", a.runId(), a.candidateId(), a.referenceId(), a.referenceKind());
            return update(c, "INSERT INTO assessments (run_id, candidate_id, reference_id, reference_kind, verdict,"
                    + " seeds, mean, ci_low, ci_high, reference_mean, p_value, reason, assessed_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", a.runId(), a.candidateId(), a.referenceId(),
                    a.referenceKind(), a.verdict(), a.seeds(), a.mean(), a.ciLow(), a.ciHigh(), a.referenceMean(),
                    a.pValue(), a.reason(), a.assessedAt());
        });
    }

    @Override
    public List<AssessmentRecord> assessments(String runId) {
        return read(c -> query(c, "SELECT * FROM assessments WHERE run_id = ? ORDER BY assessed_at, candidate_id,"
                + " reference_id", rs -> new AssessmentRecord(rs.getString("run_id"), rs.getString("candidate_id"),
                        rs.getString("reference_id"), rs.getString("reference_kind"), rs.getString("verdict"),
                        rs.getInt("seeds"), doubleOrNull(rs, "mean"), doubleOrNull(rs, "ci_low"),
                        doubleOrNull(rs, "ci_high"), doubleOrNull(rs, "reference_mean"), doubleOrNull(rs, "p_value"),
                        rs.getString("reason"), instant(rs, "assessed_at")), runId));
    }

    @Override
    public void addElapsed(String runId, long elapsedMs) {
        tx(c -> requireOne(update(c, "UPDATE runs SET elapsed_ms = elapsed_ms + ?, updated_at = ? WHERE id = ?",
                elapsedMs, Instant.now(), runId), "run " + runId));
    }

    @Override
    public void saveFinalEvaluation(FinalEvaluationRecord e) {
        tx(c -> {
            update(c, "DELETE FROM final_evaluations WHERE run_id = ? AND trial_id = ?", e.runId(), e.trialId());
            return update(c, "INSERT INTO final_evaluations (run_id, candidate_id, trial_id, test_accuracy,"
                    + " test_count, evaluated_at) VALUES (?, ?, ?, ?, ?, ?)", e.runId(), e.candidateId(),
                    e.trialId(), e.testAccuracy(), e.testCount(), e.evaluatedAt());
        });
    }

    @Override
    public List<FinalEvaluationRecord> finalEvaluations(String runId) {
        return read(c -> query(c, "SELECT * FROM final_evaluations WHERE run_id = ? ORDER BY evaluated_at, trial_id",
                rs -> new FinalEvaluationRecord(rs.getString("run_id"), rs.getString("candidate_id"),
                        rs.getString("trial_id"), rs.getDouble("test_accuracy"), rs.getInt("test_count"),
                        instant(rs, "evaluated_at")), runId));
    }

    @Override
    public void saveClusterMembers(String runId, List<ClusterMemberRecord> members) {
        for (ClusterMemberRecord m : members) {
            if (!runId.equals(m.runId())) {
                throw new IllegalArgumentException("member " + m.memberId() + " is of run " + m.runId() + ", not "
                        + runId);
            }
        }
        if (members.isEmpty()) {
            return;
        }
        tx(c -> {
            for (ClusterMemberRecord m : members) {
                ClusterMemberTable.upsert(c, m);
            }
            return null;
        }, e -> transientFailure(e) || ClusterMemberTable.lostInsertRace(e));
    }

    @Override
    public List<ClusterMemberRecord> clusterMembers(String runId) {
        return read(c -> ClusterMemberTable.of(c, runId));
    }

    @Override
    public void addEvent(String runId, String kind, String message) {
        tx(c -> insertEvent(c, runId, kind, message));
    }

    @Override
    public List<EventRecord> events(String runId) {
        return read(c -> query(c, "SELECT * FROM events WHERE run_id = ? ORDER BY id",
                rs -> new EventRecord(rs.getLong("id"), rs.getString("run_id"), instant(rs, "at"),
                        rs.getString("kind"), rs.getString("message")), runId));
    }

    @Override
    public void close() {
        if (onClose != null) {
            try {
                onClose.close();
            } catch (Exception e) {
                throw new StoreException("cannot close the knowledge base: " + e.getMessage(), e);
            }
        }
    }

    private static long insertReturningId(Connection c, String sql, Object... args) throws SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement(sql, new String[] {"id"})) {
            Jdbc.bind(ps, args);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no id generated");
                }
                return keys.getLong(1);
            }
        }
    }

    private static int insertEvent(Connection c, String runId, String kind, String message) throws SQLException {
        return update(c, "INSERT INTO events (run_id, at, kind, message) VALUES (?, ?, ?, ?)", runId, Instant.now(),
                kind, Secrets.redact(message));
    }

    private static RunRecord runRow(ResultSet rs) throws SQLException {
        return new RunRecord(rs.getString("id"), rs.getString("task"), RunState.valueOf(rs.getString("state")),
                rs.getLong("seed"), rs.getString("config_json"), rs.getString("software_json"),
                rs.getString("data_source"), rs.getString("data_checksums"), longOrNull(rs, "pid"),
                rs.getString("host"), rs.getLong("elapsed_ms"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static CandidateRecord candidateRow(ResultSet rs) throws SQLException {
        return new CandidateRecord(rs.getString("id"), rs.getString("run_id"), rs.getInt("ordinal"),
                rs.getString("name"), rs.getString("proposer"), rs.getString("parent_id"),
                rs.getString("change_summary"), rs.getString("source"), rs.getString("ir_json"),
                rs.getString("ir_hash"), longOrNull(rs, "params"), rs.getString("hypothesis"),
                rs.getString("motivation"), rs.getInt("generation"), longOrNull(rs, "macs"), instant(rs, "created_at"));
    }

    private static CandidateSummary summaryRow(ResultSet rs) throws SQLException {
        return new CandidateSummary(rs.getString("id"), rs.getInt("ordinal"), rs.getString("name"),
                rs.getString("proposer"), rs.getString("parent_id"), rs.getInt("generation"), longOrNull(rs, "params"),
                longOrNull(rs, "macs"), doubleOrNull(rs, "best_val_accuracy"), doubleOrNull(rs, "best_latency_ms"),
                rs.getInt("trial_count"));
    }

    private static LineageEdge edgeRow(ResultSet rs) throws SQLException {
        return new LineageEdge(rs.getString("run_id"), rs.getString("child_id"), rs.getString("parent_id"),
                rs.getString("diff_summary"));
    }

    private static TrialRecord trialRow(ResultSet rs) throws SQLException {
        return new TrialRecord(rs.getString("id"), rs.getString("run_id"), rs.getString("candidate_id"),
                rs.getInt("ordinal"), rs.getLong("seed"), rs.getDouble("budget_seconds"), rs.getString("outcome"),
                rs.getString("failure_stage"), rs.getString("message"), doubleOrNull(rs, "val_accuracy"),
                doubleOrNull(rs, "train_loss"), doubleOrNull(rs, "epochs"), longOrNull(rs, "steps"),
                doubleOrNull(rs, "train_seconds"), rs.getDouble("total_seconds"),
                doubleOrNull(rs, "samples_per_second"), rs.getString("curve_json"), rs.getString("weights_path"),
                doubleOrNull(rs, "latency_ms"), longOrNull(rs, "peak_rss_bytes"), rs.getInt("fidelity"),
                rs.getString("worker"), instant(rs, "started_at"), instant(rs, "finished_at"));
    }

    private static Integer requireOne(int updated, String what) {
        if (updated != 1) {
            throw new StoreException(what + " does not exist", null);
        }
        return updated;
    }

    private static <T> Optional<T> first(List<T> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T read(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("knowledge base read failed: " + e.getMessage(), e);
        }
    }

    /** Attempts of a transaction that lost a lock race or a serialization check before it fails. */
    static final int TX_ATTEMPTS = 5;

    private <T> T tx(Work<T> work) {
        return tx(work, JdbcStore::transientFailure);
    }

    /** A transaction, attempted again (up to {@link #TX_ATTEMPTS} times) when it fails as {@code retry} accepts. */
    private <T> T tx(Work<T> work, java.util.function.Predicate<SQLException> retry) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                boolean auto = c.getAutoCommit();
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(auto);
                }
            } catch (SQLException e) {
                if (attempt < TX_ATTEMPTS && retry.test(e)) {
                    pause(attempt);
                    continue;
                }
                throw new StoreException("knowledge base write failed: " + e.getMessage(), e);
            }
        }
    }

    /** Lock timeouts and deadlocks (H2, PostgreSQL) and serialization failures: worth another attempt. */
    static boolean transientFailure(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("40") || state.equals("HYT00") || state.equals("55P03"));
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(10L * attempt * attempt);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while retrying a write", ie);
        }
    }
}
