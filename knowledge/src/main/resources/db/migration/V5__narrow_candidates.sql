-- Candidates' code moves to its own table: leaderboards, Pareto fronts and dashboards scan
-- candidates, and a row carrying kilobytes of source and IR made every scan read them all.
CREATE TABLE candidate_code (
    candidate_id       VARCHAR(64)  PRIMARY KEY REFERENCES candidates (id),
    source             VARCHAR      NOT NULL,
    ir_json            VARCHAR
);
INSERT INTO candidate_code (candidate_id, source, ir_json) SELECT id, source, ir_json FROM candidates;
ALTER TABLE candidates DROP COLUMN source;
ALTER TABLE candidates DROP COLUMN ir_json;

-- The leaderboard's order, so its first rows come from the index ("index sorted" in H2's plan when
-- the query says ORDER BY run_id, best_val_accuracy DESC, ordinal with a range on the score).
DROP INDEX candidates_run_best;
CREATE INDEX candidates_leaderboard ON candidates (run_id, best_val_accuracy DESC, ordinal);
-- Summaries (Pareto fronts, dashboards) are read from this index alone; keep its columns equal to
-- JdbcStore.SUMMARY_COLUMNS.
CREATE INDEX candidates_summary ON candidates (run_id, ordinal, id, name, proposer, parent_id, generation,
    params, macs, best_val_accuracy, best_latency_ms, trial_count);
