-- Lighter span writes: every index is paid on every span (four or more per run). parent_id and run_id are never
-- searched (the rare SQL roll-up walks a trace through trace_rowid), and the token charts read only spans that carry
-- tokens (prompt and completion counts are always written together).
DROP INDEX spans_parent_id_idx;
DROP INDEX spans_run_id_idx;
DROP INDEX spans_project_start_idx;
-- [jooq ignore start]
CREATE INDEX spans_tokens_idx ON spans (project_id, start_time) WHERE llm_token_count_prompt IS NOT NULL;
-- [jooq ignore stop]
