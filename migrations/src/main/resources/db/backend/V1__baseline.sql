-- Backend database baseline. Later slices add their tables in their own versioned files
-- (V2 organizations and identity, V3 projects and graphs, V4 runs, V5 knowledge sources).
-- Conventions (jOOQ DDLDatabase replays these files into H2 to generate code): varchar(n), not text, for key or
-- unique columns; name the constraints code refers to; wrap plpgsql in [jooq ignore start]/[jooq ignore stop].
CREATE TABLE schema_info (
    name varchar(64) PRIMARY KEY,
    value varchar(256) NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO schema_info (name, value) VALUES ('database', 'backend');
