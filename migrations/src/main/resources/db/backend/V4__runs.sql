-- Runs of project graphs (slice: run). One insert when a run starts, one update when it ends.
-- project_id has no foreign key: runs outlive nothing they need, and the projects table belongs to another slice.
CREATE TABLE runs (
    id uuid NOT NULL,
    project_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    environment varchar(16) NOT NULL,
    graph_version_id uuid NOT NULL,
    status varchar(16) NOT NULL,
    input jsonb NOT NULL,
    output jsonb,
    error text,
    trace_id varchar(32) NOT NULL,
    started_by uuid,
    via_api_key boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL,
    finished_at timestamptz,
    CONSTRAINT runs_pkey PRIMARY KEY (id),
    CONSTRAINT runs_status_check CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    CONSTRAINT runs_environment_check CHECK (environment IN ('draft', 'production'))
);
CREATE INDEX runs_project_created_idx ON runs (project_id, created_at DESC, id DESC);
