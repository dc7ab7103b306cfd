-- Chunk sizes per knowledge source (issue 17, docs/adr/0018), in tokens. Sources created before keep what they were
-- ingested with (1024 / 50); new sources get what the application chooses (default 256 / 32). One action per
-- statement: the jOOQ code generator parses this file.
ALTER TABLE data_sources ADD COLUMN chunk_size integer NOT NULL DEFAULT 1024;
ALTER TABLE data_sources ADD COLUMN chunk_overlap integer NOT NULL DEFAULT 50;
ALTER TABLE data_sources ALTER COLUMN chunk_size DROP DEFAULT;
ALTER TABLE data_sources ALTER COLUMN chunk_overlap DROP DEFAULT;
ALTER TABLE data_sources ADD CONSTRAINT data_sources_chunking_check
    CHECK (chunk_size BETWEEN 16 AND 8192 AND chunk_overlap >= 0 AND chunk_overlap <= chunk_size / 2);
