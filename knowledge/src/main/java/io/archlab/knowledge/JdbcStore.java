package io.archlab.knowledge;

import static io.archlab.knowledge.Jdbc.doubleOrNull;
import static io.archlab.knowledge.Jdbc.instant;
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
    public void saveCandidate(CandidateRecord k) {
        tx(c -> update(c, "INSERT INTO candidates (id, run_id, ordinal, name, proposer, parent_id, change_summary,"
                + " source, ir_json, ir_hash, params, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                k.id(), k.runId(), k.ordinal(), k.name(), k.proposer(), k.parentId(), k.changeSummary(), k.source(),
                k.irJson(), k.irHash(), k.params(), k.createdAt()));
    }

    @Override
    public void updateCandidateIr(String candidateId, String irJson, String irHash, long params) {
        tx(c -> requireOne(update(c, "UPDATE candidates SET ir_json = ?, ir_hash = ?, params = ? WHERE id = ?",
                irJson, irHash, params, candidateId), "candidate " + candidateId));
    }

    @Override
    public Optional<CandidateRecord> candidate(String candidateId) {
        return first(read(c -> query(c, "SELECT * FROM candidates WHERE id = ?", JdbcStore::candidateRow,
                candidateId)));
    }

    @Override
    public Optional<CandidateRecord> candidateAt(String runId, int ordinal) {
        return first(read(c -> query(c, "SELECT * FROM candidates WHERE run_id = ? AND ordinal = ?",
                JdbcStore::candidateRow, runId, ordinal)));
    }

    @Override
    public List<CandidateRecord> candidates(String runId) {
        return read(c -> query(c, "SELECT * FROM candidates WHERE run_id = ? ORDER BY ordinal",
                JdbcStore::candidateRow, runId));
    }

    @Override
    public void recordTrial(TrialRecord t, long elapsedMs) {
        tx(c -> {
            update(c, "INSERT INTO trials (id, run_id, candidate_id, ordinal, seed, budget_seconds, outcome,"
                    + " failure_stage, message, val_accuracy, train_loss, epochs, steps, train_seconds, total_seconds,"
                    + " samples_per_second, curve_json, weights_path, latency_ms, peak_rss_bytes, started_at, finished_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    t.id(), t.runId(), t.candidateId(), t.ordinal(), t.seed(), t.budgetSeconds(), t.outcome(),
                    t.failureStage(), t.message(), t.valAccuracy(), t.trainLoss(), t.epochs(), t.steps(),
                    t.trainSeconds(), t.totalSeconds(), t.samplesPerSecond(), t.curveJson(), t.weightsPath(),
                    t.latencyMs(), t.peakRssBytes(), t.startedAt(), t.finishedAt());
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
    public void addElapsed(String runId, long elapsedMs) {
        tx(c -> requireOne(update(c, "UPDATE runs SET elapsed_ms = elapsed_ms + ?, updated_at = ? WHERE id = ?",
                elapsedMs, Instant.now(), runId), "run " + runId));
    }

    @Override
    public void saveFinalEvaluation(FinalEvaluationRecord e) {
        tx(c -> {
            update(c, "DELETE FROM final_evaluations WHERE run_id = ? AND candidate_id = ?", e.runId(),
                    e.candidateId());
            return update(c, "INSERT INTO final_evaluations (run_id, candidate_id, trial_id, test_accuracy,"
                    + " test_count, evaluated_at) VALUES (?, ?, ?, ?, ?, ?)", e.runId(), e.candidateId(),
                    e.trialId(), e.testAccuracy(), e.testCount(), e.evaluatedAt());
        });
    }

    @Override
    public List<FinalEvaluationRecord> finalEvaluations(String runId) {
        return read(c -> query(c, "SELECT * FROM final_evaluations WHERE run_id = ? ORDER BY evaluated_at",
                rs -> new FinalEvaluationRecord(rs.getString("run_id"), rs.getString("candidate_id"),
                        rs.getString("trial_id"), rs.getDouble("test_accuracy"), rs.getInt("test_count"),
                        instant(rs, "evaluated_at")), runId));
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

    private static int insertEvent(Connection c, String runId, String kind, String message) throws SQLException {
        return update(c, "INSERT INTO events (run_id, at, kind, message) VALUES (?, ?, ?, ?)", runId, Instant.now(),
                kind, message);
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
                rs.getString("ir_hash"), longOrNull(rs, "params"), instant(rs, "created_at"));
    }

    private static TrialRecord trialRow(ResultSet rs) throws SQLException {
        return new TrialRecord(rs.getString("id"), rs.getString("run_id"), rs.getString("candidate_id"),
                rs.getInt("ordinal"), rs.getLong("seed"), rs.getDouble("budget_seconds"), rs.getString("outcome"),
                rs.getString("failure_stage"), rs.getString("message"), doubleOrNull(rs, "val_accuracy"),
                doubleOrNull(rs, "train_loss"), doubleOrNull(rs, "epochs"), longOrNull(rs, "steps"),
                doubleOrNull(rs, "train_seconds"), rs.getDouble("total_seconds"),
                doubleOrNull(rs, "samples_per_second"), rs.getString("curve_json"), rs.getString("weights_path"),
                doubleOrNull(rs, "latency_ms"), longOrNull(rs, "peak_rss_bytes"), instant(rs, "started_at"),
                instant(rs, "finished_at"));
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

    private <T> T tx(Work<T> work) {
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
            throw new StoreException("knowledge base write failed: " + e.getMessage(), e);
        }
    }
}
