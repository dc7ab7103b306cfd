package io.draftnrun.adapter.out.postgres.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.adapter.out.postgres.PostgresDatabase;
import io.draftnrun.adapter.out.postgres.PostgresUrl;
import io.draftnrun.application.knowledge.IngestedFile;
import io.draftnrun.application.knowledge.IngestionTaskPage;
import io.draftnrun.application.knowledge.StoredChunk;
import io.draftnrun.domain.knowledge.DatabaseSourceSettings;
import io.draftnrun.domain.knowledge.FileResult;
import io.draftnrun.domain.knowledge.IngestionTask;
import io.draftnrun.domain.knowledge.IngestionTaskId;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.knowledge.SourceId;
import io.draftnrun.domain.knowledge.SourceType;
import io.draftnrun.domain.knowledge.TaskFile;
import io.draftnrun.domain.knowledge.TaskStatus;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sources, tasks (backend) and chunks (ingestion) against a real PostgreSQL migrated by Flyway. */
class KnowledgeRepositoriesIT {
    private static EmbeddedPostgres postgres;
    private static PostgresDatabase backend;
    private static PostgresDatabase ingestion;
    private static JooqSourceRepository sources;
    private static JooqIngestionTaskRepository tasks;
    private static JooqChunkRepository chunks;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (var c = postgres.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("CREATE DATABASE ingestion");
        }
        backend = new PostgresDatabase(
                "backend", new PostgresUrl(postgres.getJdbcUrl("postgres", "postgres"), "", ""), 4);
        ingestion = new PostgresDatabase(
                "ingestion", new PostgresUrl(postgres.getJdbcUrl("postgres", "ingestion"), "", ""), 4);
        backend.migrate();
        ingestion.migrate();
        sources = new JooqSourceRepository(backend.dsl());
        tasks = new JooqIngestionTaskRepository(backend.dsl());
        chunks = new JooqChunkRepository(ingestion.dsl());
    }

    @AfterAll
    static void stop() throws Exception {
        backend.close();
        ingestion.close();
        postgres.close();
    }

    private OrganizationId organization() {
        UUID id = UUID.randomUUID();
        backend.dsl().execute("INSERT INTO organizations (id, name) VALUES (?, 'Org')", id);
        return new OrganizationId(id);
    }

    private Source source(OrganizationId org, String name, SourceType type, Optional<DatabaseSourceSettings> db) {
        SourceId id = SourceId.random();
        return new Source(
                id,
                org,
                name,
                type,
                ModelReference.parse("local:all-minilm-l6-v2"),
                384,
                Source.collectionOf(id),
                db,
                now,
                now,
                new io.draftnrun.domain.knowledge.ChunkingOptions(300, 30));
    }

    @Test
    void sourcesRoundTripWithDatabaseSettingsAndNamesAreUniquePerOrganization() {
        OrganizationId org = organization();
        var settings = new DatabaseSourceSettings(
                "crm_url",
                "public.tickets",
                "id",
                List.of("title", "body"),
                List.of("team"),
                Optional.of("updated_at"),
                true);
        Source db = source(org, "Tickets", SourceType.DATABASE, Optional.of(settings));
        Source files = source(org, "Handbook", SourceType.FILES, Optional.empty());
        sources.create(db);
        sources.create(files);

        assertThat(sources.find(db.id())).contains(db);
        assertThat(sources.list(org)).containsExactly(files, db);
        var chunking = new io.draftnrun.domain.knowledge.ChunkingOptions(512, 64);
        java.time.Instant later = files.updatedAt().plusSeconds(60);
        sources.updateChunking(files.id(), chunking, later);
        assertThat(sources.find(files.id())).contains(files.withChunking(chunking, later));
        assertThatThrownBy(() -> sources.create(source(org, "Handbook", SourceType.FILES, Optional.empty())))
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.CONFLICT);
        sources.delete(files.id());
        assertThat(sources.find(files.id())).isEmpty();
    }

    @Test
    void tasksKeepFilesResultsAndProgressAndPageNewestFirst() {
        OrganizationId org = organization();
        Source source = source(org, "Docs", SourceType.FILES, Optional.empty());
        sources.create(source);
        List<IngestionTaskId> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TaskFile file = new TaskFile("f" + i, "doc" + i + ".pdf", "application/pdf", 10 + i, "k/" + i);
            IngestionTask task = IngestionTask.pending(
                    IngestionTaskId.random(), org, source.id(), "Docs", List.of(file), now.plusSeconds(i));
            tasks.create(task);
            ids.add(task.id());
        }
        IngestionTask first = tasks.find(ids.getFirst()).orElseThrow();
        IngestionTask progressed = first.started(10, 0, now)
                .progressed(4, now)
                .withResult(FileResult.failed(first.files().getFirst(), "corrupt"), now.plusSeconds(1));
        tasks.save(progressed);
        assertThat(tasks.find(first.id())).contains(progressed);
        IngestionTask counted =
                progressed.withRows(new io.draftnrun.domain.knowledge.RowCounts(3, 2, 1, 40), now.plusSeconds(2));
        tasks.save(counted);
        assertThat(tasks.find(first.id())).contains(counted);

        IngestionTaskPage page1 = tasks.page(org, 2, Optional.empty());
        IngestionTaskPage page2 =
                tasks.page(org, 2, Optional.of(page1.entries().getLast().cursor()));
        IngestionTaskPage page3 =
                tasks.page(org, 2, Optional.of(page2.entries().getLast().cursor()));
        assertThat(page1.entries()).extracting(e -> e.task().id()).containsExactly(ids.get(4), ids.get(3));
        assertThat(page2.entries()).extracting(e -> e.task().id()).containsExactly(ids.get(2), ids.get(1));
        assertThat(page3.entries()).extracting(e -> e.task().id()).containsExactly(ids.get(0));
        assertThat(page1.hasNextPage()).isTrue();
        assertThat(page3.hasNextPage()).isFalse();
        assertThat(tasks.pendingSince(now.plusSeconds(3), 10))
                .extracting(IngestionTask::id)
                .containsExactly(ids.get(1), ids.get(2));

        sources.delete(source.id());
        assertThat(tasks.find(ids.get(2))).isEmpty();
        assertThat(first.status()).isEqualTo(TaskStatus.PENDING);
    }

    private static StoredChunk chunk(SourceId source, String file, int index, String text) {
        return new StoredChunk(
                source,
                file + "_" + index,
                file,
                index,
                file + ".md",
                List.of(index + 1),
                text,
                Map.of("url", "k/" + file),
                "h" + index);
    }

    @Test
    void replacingAFileUpsertsItsChunksAndReturnsTheOnesThatDisappeared() {
        SourceId source = SourceId.random();
        List<StoredChunk> three =
                List.of(chunk(source, "a", 0, "x"), chunk(source, "a", 1, "y"), chunk(source, "a", 2, "z"));
        assertThat(chunks.replaceFile(source, "a", three)).isEmpty();
        assertThat(chunks.replaceFile(source, "b", List.of(chunk(source, "b", 0, "other"))))
                .isEmpty();
        chunks.markIngested(source, "a", "hash-a", 3);
        assertThat(chunks.ingested(source, "a")).contains(new IngestedFile("hash-a", 3));

        List<String> removed = chunks.replaceFile(source, "a", List.of(chunk(source, "a", 0, "x2")));

        assertThat(removed).containsExactlyInAnyOrder("a_1", "a_2");
        assertThat(chunks.chunks(source))
                .extracting(StoredChunk::chunkId, StoredChunk::content)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a_0", "x2"),
                        org.assertj.core.groups.Tuple.tuple("b_0", "other"));
        assertThat(chunks.chunks(source).getFirst()).isEqualTo(chunk(source, "a", 0, "x2"));
        assertThat(chunks.ingested(source, "a")).isEmpty();
        chunks.deleteSource(source);
        assertThat(chunks.count(source)).isZero();
    }

    @Test
    void documentsAndTheirChunksArePagedAndADocumentKnowsItsSource() {
        SourceId source = SourceId.random();
        String c = java.util.UUID.randomUUID().toString();
        String a = java.util.UUID.randomUUID().toString();
        String b = java.util.UUID.randomUUID().toString();
        chunks.replaceFile(source, c, List.of(named(chunk(source, c, 0, "c0"), "c.md")));
        chunks.replaceFile(
                source,
                a,
                List.of(
                        named(chunk(source, a, 0, "a0"), "a.md"),
                        named(chunk(source, a, 1, "a1"), "a.md"),
                        named(chunk(source, a, 2, "nul-free text"), "a.md")));
        chunks.replaceFile(source, b, List.of(named(chunk(source, b, 0, "b0"), "b.md")));

        var page1 = chunks.documents(source, 2, Optional.empty());
        assertThat(page1.entries()).extracting(e -> e.document().name()).containsExactly("a.md", "b.md");
        assertThat(page1.entries().getFirst().document().chunkCount()).isEqualTo(3);
        assertThat(page1.hasNextPage()).isTrue();
        var page2 = chunks.documents(
                source, 2, Optional.of(page1.entries().getLast().cursor()));
        assertThat(page2.entries()).extracting(e -> e.document().id()).containsExactly(c);
        assertThat(page2.hasNextPage()).isFalse();

        assertThat(chunks.sourceOfDocument(a)).contains(source);
        assertThat(chunks.sourceOfDocument(java.util.UUID.randomUUID().toString()))
                .isEmpty();
        var chunks1 = chunks.chunks(source, a, 2, Optional.empty());
        assertThat(chunks1.entries()).extracting(e -> e.chunk().index()).containsExactly(0, 1);
        assertThat(chunks1.hasNextPage()).isTrue();
        var chunks2 = chunks.chunks(
                source, a, 2, Optional.of(chunks1.entries().getLast().cursor()));
        assertThat(chunks2.entries()).extracting(e -> e.chunk().content()).containsExactly("nul-free text");
        assertThat(chunks2.hasNextPage()).isFalse();
        chunks.deleteSource(source);
    }

    private static StoredChunk named(StoredChunk c, String name) {
        return new StoredChunk(
                c.sourceId(),
                c.chunkId(),
                c.fileId(),
                c.index(),
                name,
                c.pageNumbers(),
                c.content(),
                c.metadata(),
                c.contentHash());
    }
}
