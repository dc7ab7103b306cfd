-- Chunks of every knowledge source, so its vector collection can always be rebuilt; and, per file, the content hash
-- of the last ingestion that reached the vector store (re-uploading an unchanged file embeds nothing).
CREATE TABLE chunks (
    source_id uuid NOT NULL,
    chunk_id varchar(300) NOT NULL,
    file_id varchar(100) NOT NULL,
    chunk_index integer NOT NULL,
    document_name varchar(300) NOT NULL,
    page_numbers jsonb NOT NULL,
    content text NOT NULL,
    metadata jsonb NOT NULL,
    content_hash varchar(64) NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT chunks_pkey PRIMARY KEY (source_id, chunk_id)
);
CREATE INDEX chunks_file_idx ON chunks (source_id, file_id, chunk_index);

CREATE TABLE ingested_files (
    source_id uuid NOT NULL,
    file_id varchar(100) NOT NULL,
    content_hash varchar(64) NOT NULL,
    chunk_count integer NOT NULL,
    ingested_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ingested_files_pkey PRIMARY KEY (source_id, file_id)
);
