package io.draftnrun.adapter.out.postgres.trace;

import static io.draftnrun.adapter.out.postgres.jooq.traces.Tables.TRACE_CHUNKS;

import com.fasterxml.jackson.core.JsonGenerator;
import io.draftnrun.adapter.out.postgres.jooq.traces.tables.records.TraceChunksRecord;
import io.draftnrun.application.trace.port.SpanStore;
import io.draftnrun.domain.trace.Rollup;
import io.draftnrun.domain.trace.Span;
import io.draftnrun.domain.trace.SpanId;
import io.draftnrun.domain.trace.TraceId;
import io.draftnrun.domain.trace.TraceScope;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Writes a batch of spans in one transaction into {@code trace_chunks} (migration V2_4): the spans of a trace that
 * arrive in one batch become one row (a further root span of the same trace heads a row of its own), streamed with
 * one COPY in text format; the row holding a root span also gets the root's name, times, status and cumulative counts
 * (those the tracer computed). For the traces where a span of the batch has an unknown cumulative (a late child), the
 * root row's cumulative counts are recomputed from every stored span of the trace (correct whichever order children
 * and parents arrive in; reads of a trace roll such traces up the same way). Adds the tokens of new platform-key spans
 * to {@code organization_usage}. A batch holding spans stored before (a retry after a failure that came after the
 * commit) fails the COPY on the row key; it is then written again without the spans already stored, so usage is
 * counted once.
 */
public final class JooqSpanStore implements SpanStore {
    /** Deeper trees than this are not rolled up beyond it (a guard against corrupt parent links). */
    static final int MAX_DEPTH = TraceChunks.MAX_DEPTH;

    private static final String COLUMNS = """
            (trace_rowid, chunk_id, project_id, organization_id, environment, run_id, spans, root_span_id, start_time,
             end_time, name, status_code, cumulative_error_count, cumulative_llm_token_count_prompt,
             cumulative_llm_token_count_completion)""";

    private static final String COPY_SQL = "COPY trace_chunks " + COLUMNS + " FROM STDIN";

    private static final String STORED_SQL = """
            SELECT c.trace_rowid, e ->> 'id'
            FROM trace_chunks c CROSS JOIN LATERAL json_array_elements(c.spans) e
            WHERE c.trace_rowid = ANY({0})
            """;

    private static final String UNIQUE_VIOLATION = "23505";

    private final DSLContext dsl;

    public JooqSpanStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void write(List<Span> spans) {
        if (spans.isEmpty()) {
            return;
        }
        try {
            write(spans, false);
        } catch (DataAccessException e) {
            if (!UNIQUE_VIOLATION.equals(e.sqlState())) {
                throw e;
            }
            // some of these spans are stored already (a batch retried after a failure that came after its commit):
            // the whole transaction was rolled back; write it again without the stored spans
            write(spans, true);
        }
    }

    private void write(List<Span> batch, boolean skipStored) {
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            Set<Key> skip = skipStored ? stored(tx, batch) : new HashSet<>();
            List<Span> fresh = new ArrayList<>(batch.size());
            for (Span s : batch) {
                if (skip.add(new Key(s.traceId(), s.spanId()))) {
                    fresh.add(s); // first occurrence in the batch, not stored before
                }
            }
            if (fresh.isEmpty()) {
                return;
            }
            tx.connection(connection -> copy(connection, chunks(fresh)));

            Map<UUID, Long> usage = new TreeMap<>(); // sorted: rows are locked in a stable order
            Set<String> unknown = new TreeSet<>();
            for (Span s : fresh) {
                if (s.usedPlatformKey()) {
                    long tokens = s.ownTokens().total();
                    if (tokens > 0) {
                        usage.merge(s.scope().organizationId().value(), tokens, Long::sum);
                    }
                }
                if (s.cumulative().isEmpty()) {
                    unknown.add(s.traceId().value());
                }
            }
            if (!usage.isEmpty()) {
                tx.connection(connection -> addUsage(connection, usage));
            }
            if (!unknown.isEmpty()) {
                rollUp(tx, unknown);
            }
        });
    }

    /**
     * Adds the batch's platform-key tokens to their organizations' usage: one prepared statement for every organization
     * of the batch (rows locked in the map's order), written here rather than rendered by jOOQ for every batch.
     */
    private static void addUsage(Connection connection, Map<UUID, Long> usage) throws SQLException {
        try (PreparedStatement add = connection.prepareStatement(ADD_USAGE)) {
            add.setArray(1, connection.createArrayOf("uuid", usage.keySet().toArray()));
            add.setArray(2, connection.createArrayOf("bigint", usage.values().toArray()));
            add.executeUpdate();
        }
    }

    private static final String ADD_USAGE = """
            INSERT INTO organization_usage (organization_id, total_tokens)
            SELECT u.organization_id, u.tokens
            FROM unnest(CAST(? AS uuid[]), CAST(? AS bigint[])) WITH ORDINALITY AS u(organization_id, tokens, n)
            ORDER BY u.n
            ON CONFLICT (organization_id) DO UPDATE
            SET total_tokens = organization_usage.total_tokens + EXCLUDED.total_tokens, updated_at = now()""";

    /** The keys of the spans of the batch's traces that are stored already. */
    private static Set<Key> stored(DSLContext tx, List<Span> batch) {
        String[] traces =
                batch.stream().map(s -> s.traceId().value()).distinct().sorted().toArray(String[]::new);
        Set<Key> keys = new HashSet<>();
        tx.resultQuery(STORED_SQL, DSL.val(traces, SQLDataType.VARCHAR.array()))
                .fetch()
                .forEach(r ->
                        keys.add(new Key(new TraceId(r.get(0, String.class)), new SpanId(r.get(1, String.class)))));
        return keys;
    }

    /**
     * Recomputes the cumulative counts of the root rows of {@code traces} from every stored span of each trace (the
     * rare path: a span ended after its parent, so the tracer could not know the roll-ups).
     */
    private static void rollUp(DSLContext tx, Set<String> traces) {
        Map<String, List<Span>> byTrace = new LinkedHashMap<>();
        for (TraceChunksRecord r : tx.selectFrom(TRACE_CHUNKS)
                .where(TRACE_CHUNKS.TRACE_ROWID.in(traces))
                .orderBy(TRACE_CHUNKS.TRACE_ROWID, TRACE_CHUNKS.CHUNK_ID)
                .forUpdate()
                .fetch()) {
            List<Span> spans = byTrace.computeIfAbsent(r.getTraceRowid(), k -> new ArrayList<>());
            JooqTraceReadModel.spans(r).forEach(read -> spans.add(read.span()));
        }
        for (Map.Entry<String, List<Span>> e : byTrace.entrySet()) {
            Map<SpanId, Rollup> rollups = TraceChunks.rollups(e.getValue());
            for (Span s : e.getValue()) {
                if (!s.isRoot()) {
                    continue;
                }
                Rollup r = rollups.get(s.spanId());
                tx.update(TRACE_CHUNKS)
                        .set(
                                TRACE_CHUNKS.CUMULATIVE_LLM_TOKEN_COUNT_PROMPT,
                                r.tokens().prompt())
                        .set(
                                TRACE_CHUNKS.CUMULATIVE_LLM_TOKEN_COUNT_COMPLETION,
                                r.tokens().completion())
                        .set(TRACE_CHUNKS.CUMULATIVE_ERROR_COUNT, r.errorCount())
                        .where(TRACE_CHUNKS.TRACE_ROWID.eq(e.getKey()))
                        .and(TRACE_CHUNKS.ROOT_SPAN_ID.eq(s.spanId().value()))
                        .execute();
            }
        }
    }

    /** The spans of one trace that go into one row: the root (if any) first. */
    private static final class Chunk {
        final String id;
        Span root;
        final List<Span> others = new ArrayList<>(4);

        Chunk(String id) {
            this.id = id;
        }
    }

    /**
     * Groups the spans by trace, in order of first appearance: one row per trace, except that a root span arriving
     * when the trace's row already holds one heads a row of its own.
     */
    private static List<Chunk> chunks(List<Span> spans) {
        Map<TraceId, Chunk> first = new LinkedHashMap<>();
        List<Chunk> rows = new ArrayList<>();
        for (Span s : spans) {
            Chunk c = first.get(s.traceId());
            if (c == null) {
                c = new Chunk(s.spanId().value());
                first.put(s.traceId(), c);
                rows.add(c);
            }
            if (!s.isRoot()) {
                c.others.add(s);
            } else if (c.root == null) {
                c.root = s;
            } else {
                Chunk own = new Chunk(s.spanId().value());
                own.root = s;
                rows.add(own);
            }
        }
        return rows;
    }

    /**
     * Streams the rows into the table with one COPY in text format, the cheapest way into PostgreSQL (text escapes
     * less than CSV, where JSON's quotes double). A row stored before makes the COPY fail with a unique violation.
     */
    private static void copy(Connection connection, List<Chunk> chunks) throws SQLException {
        // streamed in pieces of CopyText.SEND_AT bytes: one buffer of the whole batch was a humongous allocation
        CopyText rows = new CopyText(Math.min(chunks.size() * 4096, CopyText.SEND_AT + 16 * 1024));
        rows.start(connection, COPY_SQL);
        try {
            JsonGenerator json = SpanJson.generator(rows.jsonOut());
            for (Chunk c : chunks) {
                json = row(rows, json, c);
                rows.rowEnded();
            }
            rows.finish();
        } finally {
            rows.cancel();
        }
    }

    /** A span's key: a span id is unique within its trace (W3C Trace Context), not across traces. */
    private record Key(TraceId trace, SpanId span) {}

    /**
     * Appends the text-format row of a chunk, in the order of {@link #COLUMNS}. Returns the JSON generator to go on
     * with (a new one after a value that could not be serialised).
     */
    private static JsonGenerator row(CopyText row, JsonGenerator json, Chunk c) {
        Span any = c.root != null ? c.root : c.others.getFirst();
        TraceScope scope = any.scope();
        row.ascii(any.traceId().value()).tab();
        row.ascii(c.id).tab();
        row.uuid(scope.projectId()).tab();
        row.uuid(scope.organizationId().value()).tab();
        row.text(TraceChunks.truncate(scope.environment(), 32)).tab();
        row.uuid(scope.runId().orElse(null)).tab();
        row.ascii("[");
        boolean firstElement = true;
        if (c.root != null) {
            json = element(row, json, c.root);
            firstElement = false;
        }
        for (Span s : c.others) {
            if (!firstElement) {
                row.ascii(",");
            }
            json = element(row, json, s);
            firstElement = false;
        }
        row.ascii("]").tab();
        Span r = c.root;
        if (r == null) {
            row.nul().tab().nul().tab().nul().tab().nul().tab().nul().tab();
            row.nul().tab().nul().tab().nul().endRow();
            return json;
        }
        // unknown: the own values for now, the roll-up of this batch brings them up to date
        Rollup cumulative = r.cumulative().orElseGet(() -> Rollup.own(r));
        row.ascii(r.spanId().value()).tab();
        row.timestamp(r.start()).tab();
        row.timestamp(r.end()).tab();
        row.text(TraceChunks.truncate(r.name(), 512)).tab();
        row.ascii(r.status().code().name()).tab();
        row.number(cumulative.errorCount()).tab();
        row.number(cumulative.tokens().prompt()).tab();
        row.number(cumulative.tokens().completion()).endRow();
        return json;
    }

    /** The ways a span is written, tried in turn until one can be: attributes mode and whether events are kept. */
    private static final int[][] FALLBACKS = {{0, 1}, {1, 1}, {0, 0}, {1, 0}, {2, 0}};

    /**
     * Writes a span's JSON object straight into the row; when a value cannot be serialised, its attributes as text
     * and/or no events. Returns the generator to go on with (one left with a half-written value is not).
     */
    private static JsonGenerator element(CopyText row, JsonGenerator json, Span s) {
        int mark = row.mark();
        JsonGenerator g = json;
        for (int[] way : FALLBACKS) {
            try {
                TraceChunks.write(g, s, way[0], way[1] == 1);
                g.flush();
                return g;
            } catch (IOException | RuntimeException e) {
                row.reset(mark);
                g = SpanJson.generator(row.jsonOut());
            }
        }
        throw new IllegalStateException("a span could not be written even without attributes and events");
    }

    /** For tests and the benchmark: the number of stored rows. */
    public int count() {
        return dsl.fetchCount(TRACE_CHUNKS);
    }
}
