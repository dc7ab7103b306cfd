-- Cheaper span writes, second step (issue 8, tracing overhead). A span id is unique within its trace (W3C Trace
-- Context), not globally: the key becomes (trace_rowid, span_id), which also serves every read by trace, so the
-- separate trace_rowid index goes. The id columns compare bytes (COLLATE "C": lowercase hex sorts the same and
-- compares several times cheaper than with a linguistic collation). With trace ids that start with the time
-- (TraceId.random), new keys land at the right edge of the index instead of all over it. Measured by copying real
-- span rows into copies of this table holding 800,000 rows: 11-13 us of PostgreSQL CPU per span before, 7.5-9.5 us
-- after.
ALTER TABLE spans DROP CONSTRAINT spans_pkey;
DROP INDEX spans_trace_rowid_idx;
-- [jooq ignore start]
ALTER TABLE spans
    ALTER COLUMN trace_rowid TYPE varchar(32) COLLATE "C",
    ALTER COLUMN span_id TYPE varchar(16) COLLATE "C",
    ALTER COLUMN parent_id TYPE varchar(16) COLLATE "C";
-- [jooq ignore stop]
ALTER TABLE spans ADD CONSTRAINT spans_pkey PRIMARY KEY (trace_rowid, span_id);
