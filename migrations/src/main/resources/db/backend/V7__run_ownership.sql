-- Run ownership (issue 16, ADR 0014): each server instance records itself and beats; a run records the instance
-- executing it, so any instance can fail the runs of an instance that stopped beating ("interrupted"). Runs accepted
-- without waiting are QUEUED (instance_id NULL) until an instance claims them from the run queue.
CREATE TABLE run_instances (
    id uuid NOT NULL,
    host text NOT NULL,
    process text NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT run_instances_pkey PRIMARY KEY (id)
);

ALTER TABLE runs ADD COLUMN instance_id uuid;
-- a retry of a run starts from its stored input: attempt n + 1, linked to the run it retries
ALTER TABLE runs ADD COLUMN attempt integer NOT NULL DEFAULT 1;
ALTER TABLE runs ADD COLUMN retry_of uuid;

-- [jooq ignore start]
-- the reaper's scan: live runs only (a finished run leaves the index)
CREATE INDEX runs_live_idx ON runs (created_at) WHERE status IN ('QUEUED', 'RUNNING');
-- [jooq ignore stop]
