-- Novelty of a candidate when it was first traced: its structurally nearest earlier candidate, the
-- number of IR edits between them, and the highest cosine similarity of its hypothesis to an
-- earlier hypothesis (null when it states none).
ALTER TABLE candidates ADD COLUMN nearest_id VARCHAR(64);
ALTER TABLE candidates ADD COLUMN structural_distance INT;
ALTER TABLE candidates ADD COLUMN hypothesis_similarity DOUBLE PRECISION;
