-- A candidate is judged against the same reference more than once: against the best baseline while
-- searching (promoted validation accuracies) and again once the final training is done (test
-- accuracies under the final recipe). Each kind of verdict is kept: the key includes the kind.
CREATE TABLE assessments_per_kind (
    run_id             VARCHAR(64)  NOT NULL REFERENCES runs (id),
    candidate_id       VARCHAR(64)  NOT NULL REFERENCES candidates (id),
    reference_id       VARCHAR(64)  NOT NULL REFERENCES candidates (id),
    reference_kind     VARCHAR(32)  NOT NULL,
    verdict            VARCHAR(32)  NOT NULL,
    seeds              INT          NOT NULL,
    mean               DOUBLE PRECISION,
    ci_low             DOUBLE PRECISION,
    ci_high            DOUBLE PRECISION,
    reference_mean     DOUBLE PRECISION,
    p_value            DOUBLE PRECISION,
    reason             VARCHAR      NOT NULL,
    assessed_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (run_id, candidate_id, reference_id, reference_kind)
);

INSERT INTO assessments_per_kind (run_id, candidate_id, reference_id, reference_kind, verdict, seeds, mean, ci_low,
        ci_high, reference_mean, p_value, reason, assessed_at)
    SELECT run_id, candidate_id, reference_id, reference_kind, verdict, seeds, mean, ci_low, ci_high, reference_mean,
        p_value, reason, assessed_at FROM assessments;

DROP TABLE assessments;

ALTER TABLE assessments_per_kind RENAME TO assessments;
