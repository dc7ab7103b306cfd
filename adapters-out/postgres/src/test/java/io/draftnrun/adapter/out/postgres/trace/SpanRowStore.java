package io.draftnrun.adapter.out.postgres.trace;

import static io.draftnrun.adapter.out.postgres.jooq.traces.Tables.ORGANIZATION_USAGE;

import com.fasterxml.jackson.core.JsonGenerator;
import io.draftnrun.application.trace.port.SpanStore;
import io.draftnrun.domain.trace.Rollup;
import io.draftnrun.domain.trace.Span;
import io.draftnrun.domain.trace.SpanAttributes;
import io.draftnrun.domain.trace.SpanId;
import io.draftnrun.domain.trace.TokenCounts;
import io.draftnrun.domain.trace.TraceId;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HashSet;
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
 * The span store as at migration V2_3 (one row per span in table {@code spans}), kept as the baseline of
 * {@link JooqSpanStoreBench} and to fill a 2.3 database in {@link TracesMigrationIT}. Writes a batch of spans in one transaction: inserts them in multi-row statements of fixed shapes (spans already
 * stored are skipped, and the returned ids tell which rows are new so a retried batch does not count usage twice),
 * with the cumulative token and error counts the tracer computed; recomputes the cumulative
 * counts with one recursive query only for the traces where a span of the batch has an unknown cumulative (a late
 * child: correct whichever order children and parents arrive in); and adds the tokens of new platform-key spans to
 * {@code organization_usage}.
 */
final class SpanRowStore implements SpanStore {
    /** Deeper trees than this are not rolled up beyond it (a guard against corrupt parent links). */
    static final int MAX_DEPTH = 128;

    /** Spans are keyed by (trace_rowid, span_id): every join and the UPDATE match on both. */
    private static final String ROLLUP_SQL = """
            WITH RECURSIVE tree(trace_rowid, ancestor, span_id, depth) AS (
                SELECT trace_rowid, span_id, span_id, 0 FROM spans WHERE trace_rowid = ANY({0})
              UNION ALL
                SELECT t.trace_rowid, t.ancestor, s.span_id, t.depth + 1
                FROM tree t JOIN spans s ON s.trace_rowid = t.trace_rowid AND s.parent_id = t.span_id
                WHERE t.depth < {1}
            ), sums AS (
                SELECT t.trace_rowid, t.ancestor,
                       sum(coalesce(s.llm_token_count_prompt, 0)) AS p,
                       sum(coalesce(s.llm_token_count_completion, 0)) AS c,
                       sum(CASE WHEN s.status_code = 'ERROR' THEN 1 ELSE 0 END) AS e
                FROM tree t JOIN spans s ON s.trace_rowid = t.trace_rowid AND s.span_id = t.span_id
                GROUP BY t.trace_rowid, t.ancestor
            )
            UPDATE spans SET cumulative_llm_token_count_prompt = sums.p,
                             cumulative_llm_token_count_completion = sums.c,
                             cumulative_error_count = sums.e
            FROM sums
            WHERE spans.trace_rowid = sums.trace_rowid AND spans.span_id = sums.ancestor
              AND (spans.cumulative_llm_token_count_prompt, spans.cumulative_llm_token_count_completion,
                   spans.cumulative_error_count) IS DISTINCT FROM (sums.p, sums.c, sums.e)
            """;

    /** Rows per INSERT statement: PostgreSQL's cost per row is far lower in one multi-row statement. */
    static final int ROWS_PER_STATEMENT = 50;

    /** The columns a span is written to, in the order of {@link #values}. */
    private static final String COLUMNS = """
            (trace_rowid, span_id, parent_id, name, span_kind, start_time, end_time, attributes, events, status_code,
             status_message, cumulative_error_count, cumulative_llm_token_count_prompt,
             cumulative_llm_token_count_completion, llm_token_count_prompt, llm_token_count_completion, project_id,
             organization_id, environment, run_id, platform_key)""";

    private static final String INSERT_HEAD = "INSERT INTO spans " + COLUMNS + " VALUES ";
    private static final String ROW =
            "(?, ?, ?, ?, ?, ?, ?, CAST(? AS json), CAST(? AS json), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_TAIL =
            " ON CONFLICT (trace_rowid, span_id) DO NOTHING RETURNING trace_rowid, span_id";

    /** The INSERT of n rows (index n), built once: the same texts again and again, prepared once per connection. */
    private static final String[] INSERT_SQL = new String[ROWS_PER_STATEMENT + 1];

    static {
        for (int n = 1; n <= ROWS_PER_STATEMENT; n++) {
            INSERT_SQL[n] = INSERT_HEAD + String.join(", ", Collections.nCopies(n, ROW)) + INSERT_TAIL;
        }
    }

    private final DSLContext dsl;

    SpanRowStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void write(List<Span> spans) {
        if (spans.isEmpty()) {
            return;
        }
        try {
            write(spans, true);
        } catch (DataAccessException e) {
            if (!UNIQUE_VIOLATION.equals(e.sqlState())) {
                throw e;
            }
            // some of these spans are stored already (a batch retried after a failure that came after its commit):
            // the whole transaction was rolled back; write it again with statements that skip the known spans
            write(spans, false);
        }
    }

    private void write(List<Span> spans, boolean copy) {
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            int[] counts =
                    tx.connectionResult(connection -> copy ? copy(connection, spans) : insert(connection, spans));

            Map<UUID, Long> usage = new TreeMap<>(); // sorted: rows are locked in a stable order
            for (int i = 0; i < spans.size(); i++) {
                Span s = spans.get(i);
                if (counts[i] > 0 && s.usedPlatformKey()) {
                    long tokens = s.ownTokens().total();
                    if (tokens > 0) {
                        usage.merge(s.scope().organizationId().value(), tokens, Long::sum);
                    }
                }
            }
            for (Map.Entry<UUID, Long> e : usage.entrySet()) {
                tx.insertInto(ORGANIZATION_USAGE)
                        .set(ORGANIZATION_USAGE.ORGANIZATION_ID, e.getKey())
                        .set(ORGANIZATION_USAGE.TOTAL_TOKENS, e.getValue())
                        .onConflict(ORGANIZATION_USAGE.ORGANIZATION_ID)
                        .doUpdate()
                        .set(ORGANIZATION_USAGE.TOTAL_TOKENS, ORGANIZATION_USAGE.TOTAL_TOKENS.plus(e.getValue()))
                        .set(ORGANIZATION_USAGE.UPDATED_AT, DSL.currentOffsetDateTime())
                        .execute();
            }

            Set<String> traces = new TreeSet<>(); // sorted: rows are locked in a stable order
            for (Span s : spans) {
                if (s.cumulative().isEmpty()) {
                    traces.add(s.traceId().value());
                }
            }
            if (!traces.isEmpty()) {
                tx.execute(
                        ROLLUP_SQL,
                        DSL.val(traces.toArray(String[]::new), SQLDataType.VARCHAR.array()),
                        DSL.inline(MAX_DEPTH));
            }
        });
    }

    /**
     * Streams the spans into the table with one COPY in text format, the cheapest way into PostgreSQL (about a fifth
     * less CPU per row than multi-row INSERTs; text escapes less than CSV, where JSON's quotes double); returns, per
     * span, 1, or 0 for a repeat of an earlier span of this batch. A span stored before makes the COPY fail with a
     * unique violation (the caller then falls back to {@link #insert}).
     */
    private static int[] copy(Connection connection, List<Span> spans) throws SQLException {
        int[] counts = new int[spans.size()];
        Set<Key> seen = new HashSet<>();
        CopyText rows = new CopyText(spans.size() * 1024);
        JsonGenerator json = SpanJson.generator(rows.jsonOut());
        for (int k = 0; k < spans.size(); k++) {
            Span s = spans.get(k);
            if (seen.add(new Key(s.traceId(), s.spanId()))) {
                counts[k] = 1;
                json = row(rows, json, s);
            }
        }
        rows.copyIn(connection, COPY_SQL);
        return counts;
    }

    /** A span's key: a span id is unique within its trace (W3C Trace Context), not across traces. */
    private record Key(TraceId trace, SpanId span) {}

    private static final String COPY_SQL = "COPY spans " + COLUMNS + " FROM STDIN";

    private static final String UNIQUE_VIOLATION = "23505";

    /**
     * Appends the text-format row of a span: the values of {@link #COLUMNS}, as {@link #values} gives them to the
     * INSERT. Returns the JSON generator to go on with (a new one after a value that could not be serialised).
     */
    private static JsonGenerator row(CopyText row, JsonGenerator json, Span s) {
        Map<String, Object> attributes = s.attributes();
        boolean hasTokens = attributes.containsKey(SpanAttributes.LLM_TOKEN_COUNT_PROMPT)
                || attributes.containsKey(SpanAttributes.LLM_TOKEN_COUNT_COMPLETION);
        TokenCounts own = s.ownTokens();
        // unknown: the own values for now, the roll-up query of this batch brings them up to date
        Rollup cumulative = s.cumulative().orElseGet(() -> Rollup.own(s));
        row.ascii(s.traceId().value()).tab();
        row.ascii(s.spanId().value()).tab();
        if (s.parentId().isPresent()) {
            row.ascii(s.parentId().get().value());
        } else {
            row.nul();
        }
        row.tab().text(truncate(s.name(), 512)).tab();
        row.ascii(s.kind().name()).tab();
        row.timestamp(s.start()).tab();
        row.timestamp(s.end()).tab();
        json = json(
                row,
                json,
                g -> SpanJson.writeAttributes(g, attributes),
                g -> SpanJson.writeAttributesAsText(g, attributes),
                "{}");
        row.tab();
        json = json(row, json, g -> SpanJson.writeEvents(g, s.events()), null, "[]");
        row.tab().ascii(s.status().code().name()).tab();
        row.text(s.status().message()).tab();
        row.number(cumulative.errorCount()).tab();
        row.number(cumulative.tokens().prompt()).tab();
        row.number(cumulative.tokens().completion()).tab();
        if (hasTokens) {
            row.number(own.prompt()).tab().number(own.completion()).tab();
        } else {
            row.nul().tab().nul().tab();
        }
        row.uuid(s.scope().projectId()).tab();
        row.uuid(s.scope().organizationId().value()).tab();
        row.text(truncate(s.scope().environment(), 32)).tab();
        row.uuid(s.scope().runId().orElse(null)).tab();
        row.bool(s.usedPlatformKey()).endRow();
        return json;
    }

    private interface JsonWriting {
        void write(JsonGenerator json) throws IOException;
    }

    /**
     * Writes a JSON value straight into the row; when it cannot be serialised, {@code otherwise} (if any), and then
     * the JSON text {@code last}. Returns the generator to go on with (one left with a half-written value is not).
     */
    private static JsonGenerator json(
            CopyText row, JsonGenerator json, JsonWriting value, JsonWriting otherwise, String last) {
        int mark = row.mark();
        try {
            value.write(json);
            json.flush();
            return json;
        } catch (IOException | RuntimeException e) {
            row.reset(mark);
        }
        JsonGenerator fresh = SpanJson.generator(row.jsonOut());
        if (otherwise != null) {
            try {
                otherwise.write(fresh);
                fresh.flush();
                return fresh;
            } catch (IOException | RuntimeException e) {
                row.reset(mark);
                fresh = SpanJson.generator(row.jsonOut());
            }
        }
        row.ascii(last);
        return fresh;
    }

    /**
     * A span's values in the order of {@link #COLUMNS}: strings, numbers, booleans, UUIDs and times (cut to the
     * microsecond PostgreSQL keeps), null when absent.
     */
    private static Object[] values(Span s) {
        boolean hasTokens = s.attributes().containsKey(SpanAttributes.LLM_TOKEN_COUNT_PROMPT)
                || s.attributes().containsKey(SpanAttributes.LLM_TOKEN_COUNT_COMPLETION);
        TokenCounts own = s.ownTokens();
        // unknown: the own values for now, the roll-up query of this batch brings them up to date
        Rollup cumulative = s.cumulative().orElseGet(() -> Rollup.own(s));
        return new Object[] {
            s.traceId().value(),
            s.spanId().value(),
            s.parentId().map(SpanId::value).orElse(null),
            withoutNul(truncate(s.name(), 512)),
            s.kind().name(),
            time(s.start()),
            time(s.end()),
            SpanJson.attributes(s.attributes()).data(),
            SpanJson.events(s.events()).data(),
            s.status().code().name(),
            withoutNul(s.status().message()),
            cumulative.errorCount(),
            cumulative.tokens().prompt(),
            cumulative.tokens().completion(),
            hasTokens ? own.prompt() : null,
            hasTokens ? own.completion() : null,
            s.scope().projectId(),
            s.scope().organizationId().value(),
            withoutNul(truncate(s.scope().environment(), 32)),
            s.scope().runId().orElse(null),
            s.usedPlatformKey()
        };
    }

    private static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    /**
     * Inserts the spans in multi-row statements of up to {@value #ROWS_PER_STATEMENT} rows; returns, per span, 1 when
     * stored now, 0 when already known (a retried batch) or a repeat of an earlier span of this batch.
     */
    private static int[] insert(Connection connection, List<Span> spans) throws SQLException {
        Set<Key> inserted = new HashSet<>();
        for (int from = 0; from < spans.size(); from += ROWS_PER_STATEMENT) {
            List<Span> rows = spans.subList(from, Math.min(spans.size(), from + ROWS_PER_STATEMENT));
            try (PreparedStatement insert = connection.prepareStatement(INSERT_SQL[rows.size()])) {
                int i = 1;
                for (Span s : rows) {
                    i = bind(insert, i, s);
                }
                try (var returned = insert.executeQuery()) {
                    while (returned.next()) {
                        inserted.add(new Key(new TraceId(returned.getString(1)), new SpanId(returned.getString(2))));
                    }
                }
            }
        }
        int[] counts = new int[spans.size()];
        for (int k = 0; k < spans.size(); k++) {
            Span s = spans.get(k);
            counts[k] = inserted.remove(new Key(s.traceId(), s.spanId())) ? 1 : 0; // first occurrence only
        }
        return counts;
    }

    private static int bind(PreparedStatement insert, int first, Span s) throws SQLException {
        int i = first;
        for (Object value : values(s)) {
            if (value == null) {
                insert.setNull(i++, Types.OTHER); // the column's type
            } else {
                insert.setObject(i++, value);
            }
        }
        return i;
    }

    /** PostgreSQL text cannot hold NUL: U+FFFD instead, as {@link CopyText} writes it. */
    private static String withoutNul(String s) {
        return s.indexOf('\u0000') < 0 ? s : s.replace('\u0000', '\uFFFD');
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    /** For tests and the benchmark: the number of stored spans. */
    public int count() {
        return dsl.fetchCount(DSL.table("spans"));
    }
}
