-- Traces database baseline: spans of every run and organization usage arrive with the tracing slice.
CREATE TABLE schema_info (
    name varchar(64) PRIMARY KEY,
    value varchar(256) NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO schema_info (name, value) VALUES ('database', 'traces');
