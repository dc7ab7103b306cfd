package io.draftnrun.adapter.out.postgres.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.adapter.out.postgres.PostgresDatabase;
import io.draftnrun.application.trace.SpanFixtures;
import io.draftnrun.application.trace.StoredSpan;
import io.draftnrun.application.trace.TraceFilter;
import io.draftnrun.domain.organization.OrganizationId;
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
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Upgrading a traces database that already holds spans keeps them readable (V2_2: span_id key, json columns; V2_3:
 * key (trace_rowid, span_id), byte-wise collation of the ids).
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

            db.migrate();

            List<StoredSpan> spans = new JooqTraceReadModel(db.dsl()).trace(new TraceId(trace));
            assertThat(spans).extracting(s -> s.span().name()).containsExactlyInAnyOrder("GraphRunner", "LLM Call");
            assertThat(spans)
                    .filteredOn(s -> s.span().name().equals("GraphRunner"))
                    .singleElement()
                    .satisfies(s ->
                            assertThat(s.span().attributes()).containsEntry(SpanAttributes.INPUT_VALUE, "question"));
            assertThat(db.dsl().fetchValue("SELECT count(*) FROM spans WHERE span_id = 'bbbbbbbbbbbbbbbb'"))
                    .isEqualTo(1L);
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

            db.migrate();

            assertThat(db.dsl().fetchValue("""
                            SELECT string_agg(a.attname, ',' ORDER BY k.ord)
                            FROM pg_index i
                            CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                            WHERE i.indrelid = 'spans'::regclass AND i.indisprimary
                            """)).isEqualTo("trace_rowid,span_id");
            assertThat(db.dsl().fetchValue("SELECT count(*) FROM pg_indexes WHERE indexname = 'spans_trace_rowid_idx'"))
                    .isEqualTo(0L);
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
}
