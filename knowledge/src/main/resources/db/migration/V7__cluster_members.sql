-- Scale-out: the machines ("cluster members") a run's coordinator dispatches trials to through
-- Hazelcast, one row per run and member, replaced as the member reports. load_average is NULL when
-- unknown. Portable SQL: runs on H2 2.x and PostgreSQL 14+.
CREATE TABLE cluster_members (
    run_id             VARCHAR(64)  NOT NULL REFERENCES runs (id),
    member_id          VARCHAR(64)  NOT NULL,
    address            VARCHAR      NOT NULL,
    labels             VARCHAR      NOT NULL,
    state              VARCHAR(16)  NOT NULL,
    cores              INT          NOT NULL,
    slots              INT          NOT NULL,
    busy               INT          NOT NULL,
    trials_done        INT          NOT NULL,
    load_average       DOUBLE PRECISION,
    rss_bytes          BIGINT       NOT NULL,
    joined_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen          TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (run_id, member_id)
);
