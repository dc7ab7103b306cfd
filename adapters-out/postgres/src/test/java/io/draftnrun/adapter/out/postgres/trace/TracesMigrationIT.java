package io.draftnrun.adapter.out.postgres.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.adapter.out.postgres.PostgresDatabase;
import io.draftnrun.application.trace.CollectingSpanSink;
import io.draftnrun.application.trace.SpanFixtures;
import io.draftnrun.application.trace.SpanHandle;
import io.draftnrun.application.trace.StoredSpan;
import io.draftnrun.application.trace.TraceFilter;
import io.draftnrun.application.trace.Tracer;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.trace.Rollup;
import io.draftnrun.domain.trace.Span;
import io.draftnrun.domain.trace.SpanAttributes;
import io.draftnrun.domain.trace.SpanId;
import io.draftnrun.domain.trace.SpanKind;
import io.draftnrun.domain.trace.SpanStatus;
import io.draftnrun.domain.trace.TokenCounts;
import io.draftnrun.domain.trace.TraceId;
import io.draftnrun.domain.trace.TraceScope;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Upgrading a traces database that already holds spans keeps them readable (V2_2: span_id key, json columns; V2_3:
 * key (trace_rowid, span_id), byte-wise collation of the ids; V2_4: the spans of a trace in one row per writer
 * batch).
 */
class TracesMigrationIT {

    @Test
    void spansStoredBeforeV2_2AreReadAfterIt() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                PostgresDatabase db = JooqTraceStoreIT.database(pg)) {
            Flyway.configure()
                    .dataSource(pg.getPostgresDatabase())
                    .locations("classpath:db/traces")
                    .target("2.1")
                    .load()
                    .migrate();
            String trace = "0123456789abcdef0123456789abcdef";
            UUID project = UUID.randomUUID();
            db.dsl().execute("""
                            INSERT INTO spans (trace_rowid, span_id, parent_id, name, span_kind, start_time, end_time,
                                               attributes, events, status_code, project_id, organization_id, environment)
                            VALUES (?, 'aaaaaaaaaaaaaaaa', NULL, 'GraphRunner', 'CHAIN', now(), now(),
                                    '{"input.value": "question"}'::jsonb, '[]'::jsonb, 'OK', ?, ?, 'draft'),
                                   (?, 'bbbbbbbbbbbbbbbb', 'aaaaaaaaaaaaaaaa', 'LLM Call', 'LLM', now(), now(),
                                    '{"llm.token_count.prompt": 3}'::jsonb, '[]'::jsonb, 'OK', ?, ?, 'draft')
                            """, trace, project, UUID.randomUUID(), trace, project, UUID.randomUUID());

            migrate(pg, "2.3");
            assertThat(db.dsl().fetchValue("SELECT count(*) FROM spans WHERE span_id = 'bbbbbbbbbbbbbbbb'"))
                    .isEqualTo(1L);
            db.migrate();

            List<StoredSpan> spans = new JooqTraceReadModel(db.dsl()).trace(new TraceId(trace));
            assertThat(spans).extracting(s -> s.span().name()).containsExactlyInAnyOrder("GraphRunner", "LLM Call");
            assertThat(spans)
                    .filteredOn(s -> s.span().name().equals("GraphRunner"))
                    .singleElement()
                    .satisfies(s ->
                            assertThat(s.span().attributes()).containsEntry(SpanAttributes.INPUT_VALUE, "question"));
        }
    }

    @Test
    void spansStoredAtV2_2AreReadRolledUpAndKeyedPerTraceAfterV2_3() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                PostgresDatabase db = JooqTraceStoreIT.database(pg)) {
            Flyway.configure()
                    .dataSource(pg.getPostgresDatabase())
                    .locations("classpath:db/traces")
                    .target("2.2")
                    .load()
                    .migrate();
            String trace = "0123456789abcdef0123456789abcdef";
            UUID project = UUID.randomUUID();
            UUID organization = UUID.randomUUID();
            db.dsl().execute("""
                            INSERT INTO spans (trace_rowid, span_id, parent_id, name, span_kind, start_time, end_time,
                                               attributes, events, status_code, project_id, organization_id,
                                               environment, llm_token_count_prompt, llm_token_count_completion,
                                               cumulative_llm_token_count_prompt,
                                               cumulative_llm_token_count_completion)
                            VALUES (?, 'aaaaaaaaaaaaaaaa', NULL, 'GraphRunner', 'CHAIN', now(), now(),
                                    '{"input.value": "question"}', '[]', 'OK', ?, ?, 'draft', NULL, NULL, 3, 4),
                                   (?, 'bbbbbbbbbbbbbbbb', 'aaaaaaaaaaaaaaaa', 'LLM Call', 'LLM', now(), now(),
                                    '{"llm.token_count.prompt": 3, "llm.token_count.completion": 4}', '[]', 'OK',
                                    ?, ?, 'draft', 3, 4, 3, 4)
                            """, trace, project, organization, trace, project, organization);

            migrate(pg, "2.3");

            assertThat(db.dsl().fetchValue("""
                            SELECT string_agg(a.attname, ',' ORDER BY k.ord)
                            FROM pg_index i
                            CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                            WHERE i.indrelid = 'spans'::regclass AND i.indisprimary
                            """)).isEqualTo("trace_rowid,span_id");
            assertThat(db.dsl().fetchValue("SELECT count(*) FROM pg_indexes WHERE indexname = 'spans_trace_rowid_idx'"))
                    .isEqualTo(0L);
            db.migrate();
            JooqTraceReadModel reads = new JooqTraceReadModel(db.dsl());
            assertThat(reads.trace(new TraceId(trace)))
                    .extracting(s -> s.span().name())
                    .containsExactly("GraphRunner", "LLM Call");
            assertThat(reads.roots(project, TraceFilter.ALL, 10, Optional.empty()))
                    .singleElement()
                    .satisfies(r -> assertThat(r.cumulative().tokens()).isEqualTo(new TokenCounts(3, 4)));

            // after the upgrade: a late child of the old trace is rolled up into it; another trace reuses its ids
            TraceScope scope = TraceScope.ofRun(project, new OrganizationId(organization), "draft", UUID.randomUUID());
            JooqSpanStore store = new JooqSpanStore(db.dsl());
            Instant now = Instant.now();
            store.write(List.of(SpanFixtures.span(
                    scope,
                    new TraceId(trace),
                    new SpanId("cccccccccccccccc"),
                    new SpanId("aaaaaaaaaaaaaaaa"),
                    "late tool",
                    SpanKind.TOOL,
                    now,
                    Duration.ofMillis(1),
                    10,
                    20,
                    false,
                    SpanStatus.OK)));
            String other = TraceId.random().value();
            store.write(List.of(SpanFixtures.span(
                    scope,
                    new TraceId(other),
                    new SpanId("aaaaaaaaaaaaaaaa"),
                    null,
                    "another run",
                    SpanKind.CHAIN,
                    now,
                    Duration.ofMillis(1),
                    0,
                    0,
                    false,
                    SpanStatus.OK)));
            assertThat(reads.trace(new TraceId(trace)))
                    .filteredOn(s -> s.span().isRoot())
                    .singleElement()
                    .satisfies(r -> assertThat(r.cumulative().tokens()).isEqualTo(new TokenCounts(13, 24)));
            assertThat(reads.trace(new TraceId(other)))
                    .extracting(s -> s.span().name())
                    .containsExactly("another run");
        }
    }

    static void migrate(EmbeddedPostgres pg, String target) {
        Flyway.configure()
                .dataSource(pg.getPostgresDatabase())
                .locations("classpath:db/traces")
                .target(target)
                .load()
                .migrate();
    }

    /** What a reader sees of a span, as the 2.3 rows held it. */
    record Seen(
            String name,
            String parent,
            String kind,
            Instant start,
            Instant end,
            String status,
            String message,
            Rollup cumulative,
            Map<String, Object> attributes,
            int events) {}

    static Map<String, Seen> before(PostgresDatabase db, String trace) {
        Map<String, Seen> seen = new TreeMap<>();
        for (var r : db.dsl().fetch("""
                SELECT span_id, coalesce(parent_id, ''), name, span_kind, start_time, end_time, status_code,
                       status_message, cumulative_llm_token_count_prompt, cumulative_llm_token_count_completion,
                       cumulative_error_count, attributes::text, json_array_length(events)
                FROM spans WHERE trace_rowid = ?
                """, trace)) {
            seen.put(
                    r.get(0, String.class),
                    new Seen(
                            r.get(2, String.class),
                            r.get(1, String.class),
                            r.get(3, String.class),
                            r.get(4, java.time.OffsetDateTime.class).toInstant(),
                            r.get(5, java.time.OffsetDateTime.class).toInstant(),
                            r.get(6, String.class),
                            r.get(7, String.class),
                            new Rollup(
                                    new TokenCounts(r.get(8, Long.class), r.get(9, Long.class)), r.get(10, Long.class)),
                            SpanJson.readAttributes(org.jooq.JSONB.valueOf(r.get(11, String.class))),
                            r.get(12, Integer.class)));
        }
        return seen;
    }

    static Map<String, Seen> after(JooqTraceReadModel reads, String trace) {
        Map<String, Seen> seen = new TreeMap<>();
        for (StoredSpan s : reads.trace(new TraceId(trace))) {
            Span span = s.span();
            seen.put(
                    span.spanId().value(),
                    new Seen(
                            span.name(),
                            span.parentId().map(SpanId::value).orElse(""),
                            span.kind().name(),
                            span.start(),
                            span.end(),
                            span.status().code().name(),
                            span.status().message(),
                            s.cumulative(),
                            span.attributes(),
                            span.events().size()));
        }
        return seen;
    }

    @Test
    void spansStoredAtV2_3AreReadBackIdenticallyAfterV2_4() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                PostgresDatabase db = JooqTraceStoreIT.database(pg)) {
            migrate(pg, "2.3");
            UUID project = UUID.randomUUID();
            OrganizationId organization = new OrganizationId(UUID.randomUUID());
            TraceScope scope = TraceScope.ofRun(project, organization, "production", UUID.randomUUID());
            SpanRowStore old = new SpanRowStore(db.dsl());
            CollectingSpanSink sink = new CollectingSpanSink();
            Tracer tracer = new Tracer(sink);
            // a run in one batch, with tokens, an event and a failing tool
            try (SpanHandle run =
                    tracer.startTrace(scope, "GraphRunner", SpanKind.CHAIN).input("what is up")) {
                try (SpanHandle node = run.child("LLM Call", SpanKind.LLM)) {
                    node.child("chat", SpanKind.LLM)
                            .llm("openai", "gpt-4o-mini", true)
                            .tokens(12, 30)
                            .event("retrieved", Map.of("doc", "a"))
                            .end();
                }
                run.child("tool", SpanKind.TOOL).fail("broken");
                run.output("the sky");
            }
            List<Span> first = List.copyOf(sink.spans());
            old.write(first);
            // a run with a late child over two batches: the roll-ups were recomputed by the 2.3 store
            CollectingSpanSink lateSink = new CollectingSpanSink();
            Tracer lateTracer = new Tracer(lateSink);
            SpanHandle run = lateTracer.startTrace(scope, "late run", SpanKind.CHAIN);
            SpanHandle node = run.child("node", SpanKind.AGENT);
            SpanHandle late = node.child("late", SpanKind.TOOL);
            node.end();
            late.child("late-llm", SpanKind.LLM).tokens(20, 2).end();
            late.end();
            run.end();
            List<Span> second = lateSink.spans();
            old.write(second.subList(0, 2));
            old.write(second.subList(2, second.size()));
            // spans of a trace whose root was never stored
            String orphan = TraceId.random().value();
            old.write(List.of(SpanFixtures.span(
                    scope,
                    new TraceId(orphan),
                    SpanId.random(),
                    SpanId.random(),
                    "orphan",
                    SpanKind.LLM,
                    Instant.now(),
                    Duration.ofMillis(3),
                    4,
                    5,
                    false,
                    SpanStatus.OK)));
            String t1 = first.getFirst().traceId().value();
            String t2 = second.getFirst().traceId().value();
            Map<String, Seen> before1 = before(db, t1), before2 = before(db, t2), before3 = before(db, orphan);
            Instant from = Instant.now().minus(Duration.ofHours(1)),
                    to = Instant.now().plus(Duration.ofHours(1));
            List<Object> rootsBefore = db.dsl().fetch("""
                            SELECT name, cumulative_llm_token_count_prompt, cumulative_llm_token_count_completion,
                                   cumulative_error_count
                            FROM spans WHERE parent_id IS NULL ORDER BY start_time DESC, span_id DESC
                            """).map(r -> List.of(r.get(0), r.get(1), r.get(2), r.get(3)));
            assertThat(before1).hasSize(4);
            assertThat(before2).hasSize(4);

            db.migrate();

            JooqTraceReadModel reads = new JooqTraceReadModel(db.dsl());
            assertThat(after(reads, t1)).isEqualTo(before1);
            assertThat(after(reads, t2)).isEqualTo(before2);
            assertThat(after(reads, orphan)).isEqualTo(before3);
            assertThat(after(reads, t2).values())
                    .filteredOn(s -> s.name().equals("late run"))
                    .singleElement()
                    .satisfies(s -> assertThat(s.cumulative()).isEqualTo(new Rollup(new TokenCounts(20, 2), 0)));
            List<StoredSpan> roots = reads.roots(project, TraceFilter.ALL, 10, Optional.empty());
            assertThat(roots.stream()
                            .map(r -> (Object) List.of(
                                    r.span().name(),
                                    r.cumulative().tokens().prompt(),
                                    r.cumulative().tokens().completion(),
                                    r.cumulative().errorCount()))
                            .toList())
                    .isEqualTo(rootsBefore);
            assertThat(roots.getLast().span().attributes())
                    .containsEntry(SpanAttributes.INPUT_VALUE, "what is up")
                    .containsEntry(SpanAttributes.OUTPUT_VALUE, "the sky");
            TraceFilter search = new TraceFilter(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(SpanStatus.Code.OK),
                    Optional.of("SKY"));
            assertThat(reads.roots(project, search, 10, Optional.empty()))
                    .extracting(r -> r.span().name())
                    .containsExactly("GraphRunner");
            assertThat(reads.rootSamples(project, from, to))
                    .extracting(r -> r.cumulativeTokens())
                    .containsExactlyInAnyOrder(new TokenCounts(12, 30), new TokenCounts(20, 2));
            // token charts: the spans with tokens of the traces whose root is stored
            assertThat(reads.tokenSamples(project, from, to))
                    .extracting(s -> s.tokens())
                    .containsExactlyInAnyOrder(new TokenCounts(12, 30), new TokenCounts(20, 2));
            assertThat(db.dsl().fetchValue("SELECT to_regclass('spans') IS NULL"))
                    .isEqualTo(true);

            // written after the upgrade: a late child of a migrated trace is rolled up into its root row
            new JooqSpanStore(db.dsl())
                    .write(List.of(SpanFixtures.span(
                            scope,
                            new TraceId(t1),
                            SpanId.random(),
                            first.getLast().spanId(),
                            "late tool",
                            SpanKind.TOOL,
                            Instant.now(),
                            Duration.ofMillis(1),
                            1,
                            2,
                            false,
                            SpanStatus.OK)));
            assertThat(reads.roots(project, search, 10, Optional.empty()))
                    .singleElement()
                    .satisfies(r -> assertThat(r.cumulative()).isEqualTo(new Rollup(new TokenCounts(13, 32), 1)));
        }
    }
}
