package io.draftnrun.adapter.out.postgres.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.adapter.out.postgres.PostgresDatabase;
import io.draftnrun.application.trace.StoredSpan;
import io.draftnrun.domain.trace.SpanAttributes;
import io.draftnrun.domain.trace.TraceId;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** Upgrading a traces database that already holds spans keeps them readable (V2_2: span_id key, json columns). */
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
}
