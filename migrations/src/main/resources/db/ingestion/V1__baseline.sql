-- Ingestion database baseline: chunks of knowledge sources live here so a vector index can always be rebuilt.
CREATE TABLE schema_info (
    name varchar(64) PRIMARY KEY,
    value varchar(256) NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO schema_info (name, value) VALUES ('database', 'ingestion');
