-- The test split is now read for every model of the selected candidate (one per promoted seed) and of
-- the best baseline: one row per evaluated trial instead of one per candidate. Portable: a new table,
-- the rows copied, the old one dropped, the new one renamed (H2 and PostgreSQL).
CREATE TABLE final_evaluations_v6 (
    run_id             VARCHAR(64)  NOT NULL REFERENCES runs (id),
    candidate_id       VARCHAR(64)  NOT NULL REFERENCES candidates (id),
    trial_id           VARCHAR(64)  NOT NULL REFERENCES trials (id),
    test_accuracy      DOUBLE PRECISION NOT NULL,
    test_count         INT          NOT NULL,
    evaluated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (run_id, trial_id)
);
INSERT INTO final_evaluations_v6 (run_id, candidate_id, trial_id, test_accuracy, test_count, evaluated_at)
    SELECT run_id, candidate_id, trial_id, test_accuracy, test_count, evaluated_at FROM final_evaluations;
DROP TABLE final_evaluations;
ALTER TABLE final_evaluations_v6 RENAME TO final_evaluations;
