-- Database sources: each row is a "file"; an ingestion marks every row it reads with its task id, so the rows deleted
-- from the source table since the last sync are the ones not marked (their chunks and vectors are removed).
ALTER TABLE ingested_files ADD COLUMN seen_by_task uuid;
