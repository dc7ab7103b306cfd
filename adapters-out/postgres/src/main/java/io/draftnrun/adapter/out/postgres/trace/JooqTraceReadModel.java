package io.draftnrun.adapter.out.postgres.trace;

import static io.draftnrun.adapter.out.postgres.jooq.traces.Tables.TRACE_CHUNKS;

import io.draftnrun.adapter.out.postgres.jooq.traces.tables.records.TraceChunksRecord;
import io.draftnrun.application.trace.StoredSpan;
import io.draftnrun.application.trace.TraceFilter;
import io.draftnrun.application.trace.port.TraceReadModel;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.trace.Rollup;
import io.draftnrun.domain.trace.SpanId;
import io.draftnrun.domain.trace.TokenCounts;
import io.draftnrun.domain.trace.TraceId;
import io.draftnrun.domain.trace.TraceScope;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * Reads of the traces database for the monitoring views, on {@code trace_chunks} (migration V2_4): the traces list,
 * KPIs and run charts read the rows holding a root span (whose root is the first element of the row's spans); a
 * trace is every span of its rows.
 */
public final class JooqTraceReadModel implements TraceReadModel {
    /** The root span of a root row: the first element of its array. */
    private static final Field<String> ROOT_JSON =
            DSL.field("({0} -> 0)::text", String.class, TRACE_CHUNKS.SPANS).as("root_json");

    private static final Field<String> ROOT_ATTRIBUTES =
            DSL.field("{0} -> 0 -> 'attributes'", String.class, TRACE_CHUNKS.SPANS);
    private static final Field<String> INPUT_VALUE =
            DSL.field("{0} ->> {1}", String.class, ROOT_ATTRIBUTES, DSL.inline("input.value"));
    private static final Field<String> OUTPUT_VALUE =
            DSL.field("{0} ->> {1}", String.class, ROOT_ATTRIBUTES, DSL.inline("output.value"));

    /**
     * Own token counts of the spans started in {@code [{3}, {4})} (microseconds) of the traces of project {0} whose
     * root started in {@code [{1}, {2})}: the root rows lead to every row of their traces through the key.
     */
    private static final String TOKEN_SAMPLES_SQL = """
            SELECT (e ->> 'start')::bigint, (e ->> 'p')::bigint, (e ->> 'c')::bigint
            FROM trace_chunks c CROSS JOIN LATERAL json_array_elements(c.spans) e
            WHERE c.trace_rowid IN (SELECT r.trace_rowid FROM trace_chunks r
                                    WHERE r.project_id = {0} AND r.root_span_id IS NOT NULL
                                      AND r.start_time >= {1} AND r.start_time < {2})
              AND c.project_id = {0}
              AND e ->> 'p' IS NOT NULL
              AND (e ->> 'start')::bigint >= {3} AND (e ->> 'start')::bigint < {4}
            """;

    /** How long before the start of the period a run may have started and still have spans in it (token charts). */
    static final java.time.Duration RUN_REACH = java.time.Duration.ofDays(1);

    private final DSLContext dsl;

    public JooqTraceReadModel(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public List<StoredSpan> roots(UUID projectId, TraceFilter filter, int limit, Optional<RootPosition> after) {
        List<Condition> where = new ArrayList<>();
        where.add(TRACE_CHUNKS.PROJECT_ID.eq(projectId));
        where.add(TRACE_CHUNKS.ROOT_SPAN_ID.isNotNull());
        filter.from().ifPresent(f -> where.add(TRACE_CHUNKS.START_TIME.ge(utc(f))));
        filter.to().ifPresent(t -> where.add(TRACE_CHUNKS.START_TIME.lt(utc(t))));
        filter.environment().ifPresent(e -> where.add(TRACE_CHUNKS.ENVIRONMENT.eq(e)));
        filter.status().ifPresent(s -> where.add(TRACE_CHUNKS.STATUS_CODE.eq(s.name())));
        filter.search()
                .ifPresent(q -> where.add(TRACE_CHUNKS
                        .NAME
                        .containsIgnoreCase(q)
                        .or(INPUT_VALUE.containsIgnoreCase(q))
                        .or(OUTPUT_VALUE.containsIgnoreCase(q))));
        after.ifPresent(p -> where.add(
                DSL.row(TRACE_CHUNKS.START_TIME, TRACE_CHUNKS.ROOT_SPAN_ID).lt(DSL.row(utc(p.start()), p.spanId()))));
        List<StoredSpan> roots = new ArrayList<>();
        for (Record r : dsl.select(
                        TRACE_CHUNKS.TRACE_ROWID,
                        TRACE_CHUNKS.PROJECT_ID,
                        TRACE_CHUNKS.ORGANIZATION_ID,
                        TRACE_CHUNKS.ENVIRONMENT,
                        TRACE_CHUNKS.RUN_ID,
                        TRACE_CHUNKS.CUMULATIVE_LLM_TOKEN_COUNT_PROMPT,
                        TRACE_CHUNKS.CUMULATIVE_LLM_TOKEN_COUNT_COMPLETION,
                        TRACE_CHUNKS.CUMULATIVE_ERROR_COUNT,
                        ROOT_JSON)
                .from(TRACE_CHUNKS)
                .where(where)
                .orderBy(TRACE_CHUNKS.START_TIME.desc(), TRACE_CHUNKS.ROOT_SPAN_ID.desc())
                .limit(limit)
                .fetch()) {
            TraceScope scope = scope(
                    r.get(TRACE_CHUNKS.PROJECT_ID),
                    r.get(TRACE_CHUNKS.ORGANIZATION_ID),
                    r.get(TRACE_CHUNKS.ENVIRONMENT),
                    r.get(TRACE_CHUNKS.RUN_ID));
            Rollup cumulative = rollup(
                    r.get(TRACE_CHUNKS.CUMULATIVE_LLM_TOKEN_COUNT_PROMPT),
                    r.get(TRACE_CHUNKS.CUMULATIVE_LLM_TOKEN_COUNT_COMPLETION),
                    r.get(TRACE_CHUNKS.CUMULATIVE_ERROR_COUNT));
            TraceChunks.read(r.get(ROOT_JSON), new TraceId(r.get(TRACE_CHUNKS.TRACE_ROWID)), scope).stream()
                    .findFirst()
                    .ifPresent(root -> roots.add(new StoredSpan(root.span(), cumulative)));
        }
        return roots;
    }

    @Override
    public List<StoredSpan> trace(TraceId traceId) {
        List<TraceChunks.Read> spans = new ArrayList<>();
        Set<SpanId> seen = new HashSet<>();
        for (TraceChunksRecord r : dsl.selectFrom(TRACE_CHUNKS)
                .where(TRACE_CHUNKS.TRACE_ROWID.eq(traceId.value()))
                .orderBy(TRACE_CHUNKS.CHUNK_ID)
                .fetch()) {
            for (TraceChunks.Read read : spans(r)) {
                if (seen.add(read.span().spanId())) {
                    spans.add(read);
                }
            }
        }
        boolean known = spans.stream().allMatch(s -> s.cumulative().isPresent());
        Map<SpanId, Rollup> computed = known
                ? Map.of()
                : TraceChunks.rollups(spans.stream().map(TraceChunks.Read::span).toList());
        return spans.stream()
                .map(s -> new StoredSpan(
                        s.span(),
                        known
                                ? s.cumulative().orElseThrow()
                                : computed.get(s.span().spanId())))
                .sorted(Comparator.comparing((StoredSpan s) -> s.span().start())
                        .thenComparing(s -> s.span().end())
                        .thenComparing(s -> s.span().spanId().value()))
                .toList();
    }

    @Override
    public List<RootSample> rootSamples(UUID projectId, Instant from, Instant to) {
        return dsl.select(
                        TRACE_CHUNKS.START_TIME,
                        TRACE_CHUNKS.END_TIME,
                        TRACE_CHUNKS.CUMULATIVE_LLM_TOKEN_COUNT_PROMPT,
                        TRACE_CHUNKS.CUMULATIVE_LLM_TOKEN_COUNT_COMPLETION)
                .from(TRACE_CHUNKS)
                .where(TRACE_CHUNKS.PROJECT_ID.eq(projectId))
                .and(TRACE_CHUNKS.ROOT_SPAN_ID.isNotNull())
                .and(TRACE_CHUNKS.START_TIME.ge(utc(from)))
                .and(TRACE_CHUNKS.START_TIME.lt(utc(to)))
                .fetch(r -> new RootSample(
                        r.value1().toInstant(),
                        r.value2().toInstant(),
                        new TokenCounts(nz(r.value3()), nz(r.value4()))));
    }

    /**
     * Own token counts of the spans started in {@code [from, to)}, of the traces whose root started at most
     * {@link #RUN_REACH} before {@code from} (spans of traces whose root is not stored are not counted).
     */
    @Override
    public List<TokenSample> tokenSamples(UUID projectId, Instant from, Instant to) {
        return dsl.resultQuery(
                        TOKEN_SAMPLES_SQL,
                        DSL.val(projectId),
                        DSL.val(utc(from.minus(RUN_REACH))),
                        DSL.val(utc(to)),
                        DSL.val(TraceChunks.micros(from)),
                        DSL.val(TraceChunks.micros(to)))
                .fetch(r -> new TokenSample(
                        TraceChunks.instant(r.get(0, Long.class)),
                        new TokenCounts(nz(r.get(1, Long.class)), nz(r.get(2, Long.class)))));
    }

    /** The spans of a stored row. */
    static List<TraceChunks.Read> spans(TraceChunksRecord r) {
        TraceScope scope = scope(r.getProjectId(), r.getOrganizationId(), r.getEnvironment(), r.getRunId());
        return TraceChunks.read(
                r.getSpans() == null ? null : r.getSpans().data(), new TraceId(r.getTraceRowid()), scope);
    }

    private static TraceScope scope(UUID project, UUID organization, String environment, UUID run) {
        return new TraceScope(project, new OrganizationId(organization), environment, Optional.ofNullable(run));
    }

    private static Rollup rollup(Long prompt, Long completion, Long errors) {
        return new Rollup(new TokenCounts(nz(prompt), nz(completion)), nz(errors));
    }

    private static long nz(Long v) {
        return v == null ? 0 : Math.max(0, v);
    }

    private static OffsetDateTime utc(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
