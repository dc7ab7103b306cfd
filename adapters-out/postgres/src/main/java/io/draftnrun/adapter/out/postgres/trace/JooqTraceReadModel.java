package io.draftnrun.adapter.out.postgres.trace;

import static io.draftnrun.adapter.out.postgres.jooq.traces.Tables.SPANS;

import io.draftnrun.adapter.out.postgres.jooq.traces.tables.records.SpansRecord;
import io.draftnrun.application.trace.StoredSpan;
import io.draftnrun.application.trace.TraceFilter;
import io.draftnrun.application.trace.port.TraceReadModel;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.trace.Rollup;
import io.draftnrun.domain.trace.Span;
import io.draftnrun.domain.trace.SpanId;
import io.draftnrun.domain.trace.SpanKind;
import io.draftnrun.domain.trace.SpanStatus;
import io.draftnrun.domain.trace.TokenCounts;
import io.draftnrun.domain.trace.TraceId;
import io.draftnrun.domain.trace.TraceScope;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/** Reads of the traces database for the monitoring views. */
public final class JooqTraceReadModel implements TraceReadModel {
    private static final Field<String> INPUT_VALUE =
            DSL.field("{0} ->> {1}", String.class, SPANS.ATTRIBUTES, DSL.inline("input.value"));
    private static final Field<String> OUTPUT_VALUE =
            DSL.field("{0} ->> {1}", String.class, SPANS.ATTRIBUTES, DSL.inline("output.value"));

    private final DSLContext dsl;

    public JooqTraceReadModel(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public List<StoredSpan> roots(UUID projectId, TraceFilter filter, int limit, Optional<RootPosition> after) {
        List<Condition> where = new ArrayList<>();
        where.add(SPANS.PROJECT_ID.eq(projectId));
        where.add(SPANS.PARENT_ID.isNull());
        filter.from().ifPresent(f -> where.add(SPANS.START_TIME.ge(utc(f))));
        filter.to().ifPresent(t -> where.add(SPANS.START_TIME.lt(utc(t))));
        filter.environment().ifPresent(e -> where.add(SPANS.ENVIRONMENT.eq(e)));
        filter.status().ifPresent(s -> where.add(SPANS.STATUS_CODE.eq(s.name())));
        filter.search()
                .ifPresent(q -> where.add(SPANS.NAME
                        .containsIgnoreCase(q)
                        .or(INPUT_VALUE.containsIgnoreCase(q))
                        .or(OUTPUT_VALUE.containsIgnoreCase(q))));
        after.ifPresent(p ->
                where.add(DSL.row(SPANS.START_TIME, SPANS.SPAN_ID).lt(DSL.row(utc(p.start()), p.spanId()))));
        return dsl.selectFrom(SPANS)
                .where(where)
                .orderBy(SPANS.START_TIME.desc(), SPANS.SPAN_ID.desc())
                .limit(limit)
                .fetch()
                .map(JooqTraceReadModel::toStored);
    }

    @Override
    public List<StoredSpan> trace(TraceId traceId) {
        return dsl.selectFrom(SPANS)
                .where(SPANS.TRACE_ROWID.eq(traceId.value()))
                .orderBy(SPANS.START_TIME, SPANS.END_TIME, SPANS.SPAN_ID)
                .fetch()
                .map(JooqTraceReadModel::toStored);
    }

    @Override
    public List<RootSample> rootSamples(UUID projectId, Instant from, Instant to) {
        return dsl.select(
                        SPANS.START_TIME,
                        SPANS.END_TIME,
                        SPANS.CUMULATIVE_LLM_TOKEN_COUNT_PROMPT,
                        SPANS.CUMULATIVE_LLM_TOKEN_COUNT_COMPLETION)
                .from(SPANS)
                .where(SPANS.PROJECT_ID.eq(projectId))
                .and(SPANS.PARENT_ID.isNull())
                .and(SPANS.START_TIME.ge(utc(from)))
                .and(SPANS.START_TIME.lt(utc(to)))
                .fetch(r -> new RootSample(
                        r.value1().toInstant(), r.value2().toInstant(), new TokenCounts(r.value3(), r.value4())));
    }

    @Override
    public List<TokenSample> tokenSamples(UUID projectId, Instant from, Instant to) {
        return dsl.select(SPANS.START_TIME, SPANS.LLM_TOKEN_COUNT_PROMPT, SPANS.LLM_TOKEN_COUNT_COMPLETION)
                .from(SPANS)
                .where(SPANS.PROJECT_ID.eq(projectId))
                .and(SPANS.START_TIME.ge(utc(from)))
                .and(SPANS.START_TIME.lt(utc(to)))
                .and(SPANS.LLM_TOKEN_COUNT_PROMPT.isNotNull()) // both counts are written together (spans_tokens_idx)
                .fetch(r -> new TokenSample(r.value1().toInstant(), new TokenCounts(nz(r.value2()), nz(r.value3()))));
    }

    private static long nz(Long v) {
        return v == null ? 0 : Math.max(0, v);
    }

    private static OffsetDateTime utc(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    static StoredSpan toStored(SpansRecord r) {
        SpanStatus.Code code;
        try {
            code = SpanStatus.Code.valueOf(r.getStatusCode());
        } catch (IllegalArgumentException e) {
            code = SpanStatus.Code.UNSET;
        }
        Instant start = r.getStartTime().toInstant();
        Instant end = r.getEndTime().toInstant();
        Span span = new Span(
                new TraceId(r.getTraceRowid()),
                new SpanId(r.getSpanId()),
                Optional.ofNullable(r.getParentId()).map(SpanId::new),
                r.getName(),
                SpanKind.parse(r.getSpanKind()),
                start,
                end.isBefore(start) ? start : end,
                SpanJson.readAttributes(r.getAttributes()),
                SpanJson.readEvents(r.getEvents()),
                new SpanStatus(code, r.getStatusMessage()),
                new TraceScope(
                        r.getProjectId(),
                        new OrganizationId(r.getOrganizationId()),
                        r.getEnvironment(),
                        Optional.ofNullable(r.getRunId())));
        Rollup cumulative = new Rollup(
                new TokenCounts(nz(r.getCumulativeLlmTokenCountPrompt()), nz(r.getCumulativeLlmTokenCountCompletion())),
                nz(r.getCumulativeErrorCount()));
        return new StoredSpan(span, cumulative);
    }
}
