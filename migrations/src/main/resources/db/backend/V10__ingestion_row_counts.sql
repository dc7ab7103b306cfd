-- What an ingestion of a DATABASE source did with the table's rows (issue 17): {"inserted", "updated", "deleted",
-- "unchanged"}; null for uploads.
ALTER TABLE ingestion_tasks ADD COLUMN row_counts jsonb;
