-- Spans of every run (spec 1.3) with the scope of the trace on every row, and platform-key token usage (spec 4.6).
CREATE TABLE spans (
    id bigserial PRIMARY KEY,
    trace_rowid varchar(32) NOT NULL,
    span_id varchar(16) NOT NULL,
    parent_id varchar(16),
    name varchar(512) NOT NULL,
    span_kind varchar(16) NOT NULL,
    start_time timestamptz NOT NULL,
    end_time timestamptz NOT NULL,
    attributes jsonb NOT NULL,
    events jsonb NOT NULL,
    status_code varchar(8) NOT NULL,
    status_message text NOT NULL DEFAULT '',
    cumulative_error_count bigint NOT NULL DEFAULT 0,
    cumulative_llm_token_count_prompt bigint NOT NULL DEFAULT 0,
    cumulative_llm_token_count_completion bigint NOT NULL DEFAULT 0,
    llm_token_count_prompt bigint,
    llm_token_count_completion bigint,
    project_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    environment varchar(32) NOT NULL,
    run_id uuid,
    platform_key boolean NOT NULL DEFAULT false,
    CONSTRAINT spans_span_id_key UNIQUE (span_id),
    CONSTRAINT spans_status_code_check CHECK (status_code IN ('UNSET', 'OK', 'ERROR'))
);
CREATE INDEX spans_trace_rowid_idx ON spans (trace_rowid);
CREATE INDEX spans_parent_id_idx ON spans (parent_id);
CREATE INDEX spans_project_start_idx ON spans (project_id, start_time);
CREATE INDEX spans_run_id_idx ON spans (run_id);

CREATE TABLE organization_usage (
    id bigserial PRIMARY KEY,
    organization_id uuid NOT NULL,
    total_tokens bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT organization_usage_organization_id_key UNIQUE (organization_id)
);

-- Listing a project's traces newest first reads only root spans.
-- [jooq ignore start]
CREATE INDEX spans_roots_idx ON spans (project_id, start_time DESC, span_id DESC) WHERE parent_id IS NULL;
-- [jooq ignore stop]
