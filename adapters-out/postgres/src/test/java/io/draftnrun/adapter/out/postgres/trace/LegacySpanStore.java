package io.draftnrun.adapter.out.postgres.trace;

import static io.draftnrun.adapter.out.postgres.jooq.traces.Tables.ORGANIZATION_USAGE;
import static io.draftnrun.adapter.out.postgres.jooq.traces.Tables.SPANS;

import io.draftnrun.application.trace.port.SpanStore;
import io.draftnrun.domain.trace.Span;
import io.draftnrun.domain.trace.SpanAttributes;
import io.draftnrun.domain.trace.SpanId;
import io.draftnrun.domain.trace.TokenCounts;
import io.draftnrun.domain.trace.TraceId;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStepN;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The span store as it was before roll-ups moved into the tracer (kept for {@link JooqSpanStoreBench} only, as its
 * baseline): one multi-row INSERT ... RETURNING per batch and the recursive roll-up of every touched trace.
 */
final class LegacySpanStore implements SpanStore {
    /** Deeper trees than this are not rolled up beyond it (a guard against corrupt parent links). */
    private static final int MAX_DEPTH = 128;

    private static final String ROLLUP_SQL = """
            WITH RECURSIVE tree(trace_rowid, ancestor, span_id, depth) AS (
                SELECT trace_rowid, span_id, span_id, 0 FROM spans WHERE trace_rowid = ANY({0})
              UNION ALL
                SELECT t.trace_rowid, t.ancestor, s.span_id, t.depth + 1
                FROM tree t JOIN spans s ON s.parent_id = t.span_id AND s.trace_rowid = t.trace_rowid
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

    private final DSLContext dsl;

    LegacySpanStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void write(List<Span> spans) {
        if (spans.isEmpty()) {
            return;
        }
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            List<Field<?>> fields = List.of(
                    SPANS.TRACE_ROWID,
                    SPANS.SPAN_ID,
                    SPANS.PARENT_ID,
                    SPANS.NAME,
                    SPANS.SPAN_KIND,
                    SPANS.START_TIME,
                    SPANS.END_TIME,
                    SPANS.ATTRIBUTES,
                    SPANS.EVENTS,
                    SPANS.STATUS_CODE,
                    SPANS.STATUS_MESSAGE,
                    SPANS.CUMULATIVE_ERROR_COUNT,
                    SPANS.CUMULATIVE_LLM_TOKEN_COUNT_PROMPT,
                    SPANS.CUMULATIVE_LLM_TOKEN_COUNT_COMPLETION,
                    SPANS.LLM_TOKEN_COUNT_PROMPT,
                    SPANS.LLM_TOKEN_COUNT_COMPLETION,
                    SPANS.PROJECT_ID,
                    SPANS.ORGANIZATION_ID,
                    SPANS.ENVIRONMENT,
                    SPANS.RUN_ID,
                    SPANS.PLATFORM_KEY);
            InsertValuesStepN<?> insert = tx.insertInto(SPANS, fields);
            for (Span s : spans) {
                boolean hasTokens = s.attributes().containsKey(SpanAttributes.LLM_TOKEN_COUNT_PROMPT)
                        || s.attributes().containsKey(SpanAttributes.LLM_TOKEN_COUNT_COMPLETION);
                TokenCounts own = s.ownTokens();
                List<Object> row = new ArrayList<>(fields.size());
                row.add(s.traceId().value());
                row.add(s.spanId().value());
                row.add(s.parentId().map(SpanId::value).orElse(null));
                row.add(truncate(s.name(), 512));
                row.add(s.kind().name());
                row.add(OffsetDateTime.ofInstant(s.start(), ZoneOffset.UTC));
                row.add(OffsetDateTime.ofInstant(s.end(), ZoneOffset.UTC));
                row.add(SpanJson.attributes(s.attributes()));
                row.add(SpanJson.events(s.events()));
                row.add(s.status().code().name());
                row.add(s.status().message());
                row.add(s.status().isError() ? 1L : 0L);
                row.add(own.prompt());
                row.add(own.completion());
                row.add(hasTokens ? own.prompt() : null);
                row.add(hasTokens ? own.completion() : null);
                row.add(s.scope().projectId());
                row.add(s.scope().organizationId().value());
                row.add(truncate(s.scope().environment(), 32));
                row.add(s.scope().runId().orElse(null));
                row.add(s.usedPlatformKey());
                insert = insert.values(row);
            }
            Set<String> inserted = new HashSet<>(insert.onConflict(SPANS.TRACE_ROWID, SPANS.SPAN_ID)
                    .doNothing()
                    .returning(SPANS.SPAN_ID)
                    .fetch()
                    .getValues(SPANS.SPAN_ID));

            Map<UUID, Long> usage = new TreeMap<>(); // sorted: rows are locked in a stable order
            for (Span s : spans) {
                if (inserted.contains(s.spanId().value()) && s.usedPlatformKey()) {
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

            Set<String> traces = new LinkedHashSet<>();
            spans.stream().map(Span::traceId).map(TraceId::value).sorted().forEach(traces::add);
            tx.execute(
                    ROLLUP_SQL,
                    DSL.val(traces.toArray(String[]::new), SQLDataType.VARCHAR.array()),
                    DSL.inline(MAX_DEPTH));
        });
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
