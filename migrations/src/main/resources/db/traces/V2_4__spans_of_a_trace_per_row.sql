-- One row per trace and writer batch (issue 8, tracing overhead): the spans of a trace that arrive in one batch are
-- stored together as a json array instead of one row each. PostgreSQL's cost is mostly per row (tuple, key, WAL
-- record), so a simple run (4 spans, usually one batch) costs about 40 % of its 4 span rows. The key is
-- (trace_rowid, chunk_id), chunk_id being the id of the first span of the trace in the batch (a root span always
-- heads its own row). Every row carries the scope of its trace; the row holding the root span also carries what the
-- traces list, the KPIs and the charts read (root id, times, name, status and cumulative counts), and the root span is
-- the first element of its row's array. Each element: id, parent, name, kind, start and end (microseconds since the
-- epoch), status, message, own token counts (p, c: only when the span has some), cumulative counts (cum: [prompt,
-- completion, errors], absent when the tracer did not know them), attributes and events.
CREATE TABLE trace_chunks (
    trace_rowid varchar(32) NOT NULL,
    chunk_id varchar(16) NOT NULL,
    project_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    environment varchar(32) NOT NULL,
    run_id uuid,
    spans json NOT NULL,
    root_span_id varchar(16),
    start_time timestamptz,
    end_time timestamptz,
    name varchar(512),
    status_code varchar(8),
    cumulative_error_count bigint,
    cumulative_llm_token_count_prompt bigint,
    cumulative_llm_token_count_completion bigint,
    CONSTRAINT trace_chunks_pkey PRIMARY KEY (trace_rowid, chunk_id)
);
-- [jooq ignore start]
ALTER TABLE trace_chunks
    ALTER COLUMN trace_rowid TYPE varchar(32) COLLATE "C",
    ALTER COLUMN chunk_id TYPE varchar(16) COLLATE "C",
    ALTER COLUMN root_span_id TYPE varchar(16) COLLATE "C";
-- A row of a few spans often passes 2 kB, where PostgreSQL would compress it (pglz, several times the CPU of
-- storing it) or move it to the TOAST table (another row and index entry): rows stay as they are up to a page.
ALTER TABLE trace_chunks SET (toast_tuple_target = 8160);

-- Listing a project's traces newest first reads only the rows holding a root span.
CREATE INDEX trace_chunks_roots_idx ON trace_chunks (project_id, start_time DESC, root_span_id DESC)
    WHERE root_span_id IS NOT NULL;

-- The spans stored so far, one row per trace (each further root span of a trace heads a row of its own).
INSERT INTO trace_chunks (trace_rowid, chunk_id, project_id, organization_id, environment, run_id, spans,
                          root_span_id, start_time, end_time, name, status_code, cumulative_error_count,
                          cumulative_llm_token_count_prompt, cumulative_llm_token_count_completion)
WITH ordered AS (
    SELECT s.*,
           row_number() OVER w AS rn,
           first_value(s.span_id) OVER w AS head
    FROM spans s
    WINDOW w AS (PARTITION BY s.trace_rowid ORDER BY (s.parent_id IS NOT NULL), s.start_time, s.span_id)
), grouped AS (
    SELECT o.*, CASE WHEN o.parent_id IS NULL THEN o.span_id ELSE o.head END AS chunk
    FROM ordered o
)
SELECT g.trace_rowid,
       g.chunk,
       (array_agg(g.project_id ORDER BY g.rn))[1],
       (array_agg(g.organization_id ORDER BY g.rn))[1],
       (array_agg(g.environment ORDER BY g.rn))[1],
       (array_agg(g.run_id ORDER BY g.rn))[1],
       json_agg(json_build_object(
                    'id', g.span_id,
                    'parent', g.parent_id,
                    'name', g.name,
                    'kind', g.span_kind,
                    'start', (extract(epoch FROM g.start_time) * 1000000)::bigint,
                    'end', (extract(epoch FROM g.end_time) * 1000000)::bigint,
                    'status', g.status_code,
                    'message', g.status_message,
                    'p', g.llm_token_count_prompt,
                    'c', g.llm_token_count_completion,
                    'cum', json_build_array(g.cumulative_llm_token_count_prompt,
                                            g.cumulative_llm_token_count_completion, g.cumulative_error_count),
                    'attributes', g.attributes,
                    'events', g.events) ORDER BY g.rn),
       (array_agg(g.span_id) FILTER (WHERE g.parent_id IS NULL))[1],
       (array_agg(g.start_time) FILTER (WHERE g.parent_id IS NULL))[1],
       (array_agg(g.end_time) FILTER (WHERE g.parent_id IS NULL))[1],
       (array_agg(g.name) FILTER (WHERE g.parent_id IS NULL))[1],
       (array_agg(g.status_code) FILTER (WHERE g.parent_id IS NULL))[1],
       (array_agg(g.cumulative_error_count) FILTER (WHERE g.parent_id IS NULL))[1],
       (array_agg(g.cumulative_llm_token_count_prompt) FILTER (WHERE g.parent_id IS NULL))[1],
       (array_agg(g.cumulative_llm_token_count_completion) FILTER (WHERE g.parent_id IS NULL))[1]
FROM grouped g
GROUP BY g.trace_rowid, g.chunk;
-- [jooq ignore stop]
DROP TABLE spans;
