package io.draftnrun.adapter.out.postgres.trace;

import static io.draftnrun.adapter.out.postgres.jooq.traces.Tables.ORGANIZATION_USAGE;

import io.draftnrun.application.trace.port.SpanStore;
import io.draftnrun.domain.trace.Rollup;
import io.draftnrun.domain.trace.Span;
import io.draftnrun.domain.trace.SpanAttributes;
import io.draftnrun.domain.trace.SpanId;
import io.draftnrun.domain.trace.TokenCounts;
import java.io.IOException;
import java.io.StringReader;
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
import org.postgresql.PGConnection;

/**
 * The span store before issue 8's second step (kept for {@link JooqSpanStoreBench} only, as its baseline, over a table
 * shaped as at V2_2: key span_id): COPY in CSV format through intermediate strings. Writes a batch of spans in one
 * transaction: inserts them in multi-row statements of fixed shapes (spans already
 * stored are skipped, and the returned ids tell which rows are new so a retried batch does not count usage twice),
 * with the cumulative token and error counts the tracer computed; recomputes the cumulative
 * counts with one recursive query only for the traces where a span of the batch has an unknown cumulative (a late
 * child: correct whichever order children and parents arrive in); and adds the tokens of new platform-key spans to
 * {@code organization_usage}.
 */
final class CsvSpanStore implements SpanStore {
    /** Deeper trees than this are not rolled up beyond it (a guard against corrupt parent links). */
    static final int MAX_DEPTH = 128;

    private static final String ROLLUP_SQL = """
            WITH RECURSIVE tree(trace_rowid, ancestor, span_id, depth) AS (
                SELECT trace_rowid, span_id, span_id, 0 FROM spans WHERE trace_rowid = ANY({0})
              UNION ALL
                SELECT t.trace_rowid, t.ancestor, s.span_id, t.depth + 1
                FROM tree t JOIN spans s ON s.parent_id = t.span_id AND s.trace_rowid = t.trace_rowid
                WHERE t.depth < {1}
            ), sums AS (
                SELECT t.ancestor,
                       sum(coalesce(s.llm_token_count_prompt, 0)) AS p,
                       sum(coalesce(s.llm_token_count_completion, 0)) AS c,
                       sum(CASE WHEN s.status_code = 'ERROR' THEN 1 ELSE 0 END) AS e
                FROM tree t JOIN spans s ON s.span_id = t.span_id
                GROUP BY t.ancestor
            )
            UPDATE spans SET cumulative_llm_token_count_prompt = sums.p,
                             cumulative_llm_token_count_completion = sums.c,
                             cumulative_error_count = sums.e
            FROM sums
            WHERE spans.span_id = sums.ancestor
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
    private static final String INSERT_TAIL = " ON CONFLICT (span_id) DO NOTHING RETURNING span_id";

    /** The INSERT of n rows (index n), built once: the same texts again and again, prepared once per connection. */
    private static final String[] INSERT_SQL = new String[ROWS_PER_STATEMENT + 1];

    static {
        for (int n = 1; n <= ROWS_PER_STATEMENT; n++) {
            INSERT_SQL[n] = INSERT_HEAD + String.join(", ", Collections.nCopies(n, ROW)) + INSERT_TAIL;
        }
    }

    private final DSLContext dsl;

    CsvSpanStore(DSLContext dsl) {
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
     * Streams the spans into the table with one COPY, the cheapest way into PostgreSQL (about a fifth less CPU per row
     * than multi-row INSERTs, JooqSpanStoreBench); returns, per span, 1, or 0 for a repeat of an earlier span of this
     * batch. A span stored before makes the COPY fail with a unique violation (the caller then falls back to
     * {@link #insert}).
     */
    private static int[] copy(Connection connection, List<Span> spans) throws SQLException {
        int[] counts = new int[spans.size()];
        Set<String> seen = new HashSet<>();
        StringBuilder csv = new StringBuilder(spans.size() * 768);
        for (int k = 0; k < spans.size(); k++) {
            Span s = spans.get(k);
            if (seen.add(s.spanId().value())) {
                counts[k] = 1;
                row(csv, s);
            }
        }
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_SQL, new StringReader(csv.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY of spans failed: " + e.getMessage(), e);
        }
        return counts;
    }

    private static final String COPY_SQL = "COPY spans " + COLUMNS + " FROM STDIN (FORMAT csv)";

    private static final String UNIQUE_VIOLATION = "23505";

    /** One CSV line of a span: the values of {@link #COLUMNS}; an absent value is an unquoted empty field (NULL). */
    private static void row(StringBuilder csv, Span s) {
        Object[] values = values(s);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                csv.append(',');
            }
            switch (values[i]) {
                case null -> {}
                case String text -> quoted(csv, text);
                default -> csv.append(values[i]);
            }
        }
        csv.append('\n');
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
            truncate(s.name(), 512),
            s.kind().name(),
            time(s.start()),
            time(s.end()),
            SpanJson.attributes(s.attributes()).data(),
            SpanJson.events(s.events()).data(),
            s.status().code().name(),
            s.status().message(),
            cumulative.errorCount(),
            cumulative.tokens().prompt(),
            cumulative.tokens().completion(),
            hasTokens ? own.prompt() : null,
            hasTokens ? own.completion() : null,
            s.scope().projectId(),
            s.scope().organizationId().value(),
            truncate(s.scope().environment(), 32),
            s.scope().runId().orElse(null),
            s.usedPlatformKey()
        };
    }

    private static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private static StringBuilder quoted(StringBuilder csv, String value) {
        csv.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                csv.append('"');
            }
            csv.append(c);
        }
        return csv.append('"');
    }

    /**
     * Inserts the spans in multi-row statements of up to {@value #ROWS_PER_STATEMENT} rows; returns, per span, 1 when
     * stored now, 0 when already known (a retried batch) or a repeat of an earlier span of this batch.
     */
    private static int[] insert(Connection connection, List<Span> spans) throws SQLException {
        Set<String> inserted = new HashSet<>();
        for (int from = 0; from < spans.size(); from += ROWS_PER_STATEMENT) {
            List<Span> rows = spans.subList(from, Math.min(spans.size(), from + ROWS_PER_STATEMENT));
            try (PreparedStatement insert = connection.prepareStatement(INSERT_SQL[rows.size()])) {
                int i = 1;
                for (Span s : rows) {
                    i = bind(insert, i, s);
                }
                try (var returned = insert.executeQuery()) {
                    while (returned.next()) {
                        inserted.add(returned.getString(1));
                    }
                }
            }
        }
        int[] counts = new int[spans.size()];
        for (int k = 0; k < spans.size(); k++) {
            counts[k] = inserted.remove(spans.get(k).spanId().value()) ? 1 : 0; // first occurrence only
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

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
