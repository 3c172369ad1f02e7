-- Per-trial hardware measurements: inference latency at batch 1 and peak resident memory.
ALTER TABLE trials ADD COLUMN latency_ms DOUBLE PRECISION;
ALTER TABLE trials ADD COLUMN peak_rss_bytes BIGINT;
