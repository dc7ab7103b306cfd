-- Knowledge sources and their ingestion tasks (issue 7). The reference's data_sources/ingestion_tasks, plus what it
-- lacked: the vector size of the embedding model, database settings (the JDBC URL stays in an organization secret),
-- progress and per-file results of each task.
CREATE TABLE data_sources (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    name varchar(200) NOT NULL,
    type varchar(16) NOT NULL,
    embedding_model_reference varchar(200) NOT NULL,
    vector_dimensions integer NOT NULL,
    collection_name varchar(128) NOT NULL,
    database_settings jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    last_ingestion_time timestamptz,
    CONSTRAINT data_sources_pkey PRIMARY KEY (id),
    CONSTRAINT data_sources_organization_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT data_sources_organization_name_key UNIQUE (organization_id, name),
    CONSTRAINT data_sources_collection_key UNIQUE (collection_name),
    CONSTRAINT data_sources_type_check CHECK (type IN ('files', 'database'))
);

CREATE TABLE ingestion_tasks (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    source_id uuid NOT NULL,
    source_name varchar(200) NOT NULL,
    status varchar(16) NOT NULL,
    files jsonb NOT NULL,
    results jsonb NOT NULL,
    chunks_total integer NOT NULL DEFAULT 0,
    chunks_done integer NOT NULL DEFAULT 0,
    error varchar(4000),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ingestion_tasks_pkey PRIMARY KEY (id),
    CONSTRAINT ingestion_tasks_source_fkey FOREIGN KEY (source_id) REFERENCES data_sources (id) ON DELETE CASCADE,
    CONSTRAINT ingestion_tasks_status_check CHECK (status IN ('pending', 'in_progress', 'completed', 'failed'))
);
CREATE INDEX ingestion_tasks_organization_idx ON ingestion_tasks (organization_id, created_at, id);
CREATE INDEX ingestion_tasks_status_idx ON ingestion_tasks (status, updated_at);
