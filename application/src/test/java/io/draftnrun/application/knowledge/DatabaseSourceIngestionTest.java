package io.draftnrun.application.knowledge;

import static io.draftnrun.application.knowledge.KnowledgeFixture.ORG;
import static io.draftnrun.application.knowledge.KnowledgeFixture.actor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.llm.FakeEmbeddingModelProvider;
import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.application.llm.port.EmbeddingModelProvider;
import io.draftnrun.domain.knowledge.DatabaseSourceSettings;
import io.draftnrun.domain.knowledge.IngestionTask;
import io.draftnrun.domain.knowledge.RowCounts;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.knowledge.SourceType;
import io.draftnrun.domain.knowledge.TaskStatus;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Database sources on fakes: rows become chunks and vectors, re-ingestion upserts, sync updates and deletes. */
class DatabaseSourceIngestionTest {
    private static final String URL = "jdbc:postgresql://db.example/shop?user=reader&password=s3cret";
    private final AtomicInteger embedded = new AtomicInteger();
    private final KnowledgeFixture k = new KnowledgeFixture(new EmbeddingModelProvider() {
        private final FakeEmbeddingModelProvider fake = new FakeEmbeddingModelProvider(16);

        @Override
        public List<float[]> embed(ModelReference model, ProviderCredentials credentials, List<String> texts) {
            embedded.addAndGet(texts.size());
            return fake.embed(model, credentials, texts);
        }

        @Override
        public int dimensions(ModelReference model) {
            return fake.dimensions(model);
        }
    });
    private final Actor developer = actor(Role.DEVELOPER);

    private Source source(String name, boolean sync) {
        k.secrets.put(ORG + "/shop_url", URL);
        DatabaseSourceSettings settings = new DatabaseSourceSettings(
                "shop_url", "tickets", "id", List.of("title", "body"), List.of("team"), Optional.of("updated"), sync);
        return k.createSource()
                .handle(
                        developer,
                        new CreateSource.Command(
                                ORG,
                                name,
                                SourceType.DATABASE,
                                Optional.empty(),
                                Optional.of(settings),
                                Optional.of(new io.draftnrun.domain.knowledge.ChunkingOptions(64, 8))));
    }

    private void row(long id, String title, String body, String team, String updated) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("title", title);
        values.put("body", body);
        values.put("team", team);
        values.put("updated", updated);
        k.rows.put(URL, "tickets", id, values);
    }

    private IngestionTask ingest(Source source) {
        IngestionTask task = k.ingestSource().handle(developer, source.id());
        k.pipeline().run(new IngestionJob(task.id(), task.organizationId()), () -> false);
        return k.tasks.find(task.id()).orElseThrow();
    }

    private static String longBody(int sentences) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < sentences; i++) {
            text.append("Sentence ").append(i).append(" of the long ticket describes one more step. ");
        }
        return text.toString();
    }

    @Test
    void everyRowBecomesChunksAndVectorsReadPageByPage() {
        for (long id = 1; id <= 450; id++) {
            row(id, "Ticket " + id, "Printer " + id + " is jammed", id % 2 == 0 ? "ops" : "it", "2024-01-01");
        }
        row(451, "Long ticket", longBody(60), "ops", "2024-01-01");
        row(452, "", "", "ops", "2024-01-01"); // no text: nothing to embed
        Source source = source("Tickets", false);

        IngestionTask done = ingest(source);

        assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(k.rows.pages.get()).as("pages of 200 rows").isEqualTo(3);
        long chunks = k.chunks.count(source.id());
        assertThat(chunks).isGreaterThan(452); // 450 short rows + the long one in several chunks
        assertThat(k.vectors.count(source.collection())).isEqualTo(chunks);
        assertThat(done.chunksDone()).isEqualTo(done.chunksTotal()).isEqualTo((int) chunks);
        StoredChunk first = k.chunks.chunks(source.id()).stream()
                .filter(c -> c.documentName().equals("tickets id=7"))
                .findFirst()
                .orElseThrow();
        assertThat(first.content()).isEqualTo("title: Ticket 7\nbody: Printer 7 is jammed");
        assertThat(first.chunkId()).isEqualTo(RowDocuments.documentId(source.id(), "7") + "_0");
        assertThat(first.metadata())
                .containsEntry("table_name", "tickets")
                .containsEntry("id", 7L)
                .containsEntry("team", "it")
                .containsEntry("updated", "2024-01-01");
        var hits = k.vectors.search(
                source.collection(),
                k.embeddings.embed(null, null, List.of("Printer 8 is jammed")).getFirst(),
                3,
                VectorFilter.of(Map.of("team", "ops")));
        assertThat(hits)
                .isNotEmpty()
                .allSatisfy(hit -> assertThat(hit.payload()).containsEntry("team", "ops"));
    }

    @Test
    void ingestingAgainCreatesNoDuplicatesAndEmbedsOnlyChangedRows() {
        for (long id = 1; id <= 30; id++) {
            row(id, "Ticket " + id, "Body " + id, "it", "2024-01-01");
        }
        Source source = source("Tickets", false);
        ingest(source);
        long chunks = k.chunks.count(source.id());
        var ids = new HashSet<>(k.vectors.listChunkIds(source.collection()));
        embedded.set(0);

        row(5, "Ticket 5", "Body 5 changed", "it", "2024-02-01");
        k.rows.delete(URL, "tickets", 6L); // without sync, a deleted row stays
        IngestionTask again = ingest(source);

        assertThat(again.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(embedded.get()).as("only the changed row is embedded again").isEqualTo(1);
        assertThat(k.chunks.count(source.id())).isEqualTo(chunks);
        assertThat(new HashSet<>(k.vectors.listChunkIds(source.collection()))).isEqualTo(ids);
        assertThat(k.chunks.chunks(source.id()))
                .extracting(StoredChunk::content)
                .contains("title: Ticket 5\nbody: Body 5 changed")
                .doesNotContain("title: Ticket 5\nbody: Body 5");
    }

    @Test
    void withSyncChangedRowsAreRefreshedAndDeletedRowsRemoved() {
        for (long id = 1; id <= 250; id++) {
            row(id, "Ticket " + id, "Body " + id, "it", "2024-01-01");
        }
        row(251, "Long ticket", longBody(60), "ops", "2024-01-01");
        Source source = source("Tickets", true);
        assertThat(ingest(source).rows()).hasValue(new RowCounts(251, 0, 0, 0));
        String gone = RowDocuments.documentId(source.id(), "251");
        assertThat(k.vectors.listChunkIds(source.collection())).anyMatch(id -> id.startsWith(gone));
        embedded.set(0);

        row(3, "Ticket 3", "Body 3", "it", "2024-03-01"); // newer timestamp only
        k.rows.delete(URL, "tickets", 251L);
        k.rows.delete(URL, "tickets", 200L);
        row(300, "Ticket 300", "Body 300", "it", "2024-03-01");
        IngestionTask synced = ingest(source);

        assertThat(synced.rows()).hasValue(new RowCounts(1, 1, 2, 248));

        assertThat(synced.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(embedded.get()).isEqualTo(2);
        assertThat(k.chunks.count(source.id())).isEqualTo(250);
        assertThat(k.vectors.count(source.collection())).isEqualTo(250);
        assertThat(k.vectors.listChunkIds(source.collection()))
                .noneMatch(id -> id.startsWith(gone))
                .noneMatch(id -> id.startsWith(RowDocuments.documentId(source.id(), "200")));
        assertThat(k.chunks.chunks(source.id()))
                .filteredOn(c -> c.documentName().equals("tickets id=3"))
                .singleElement()
                .satisfies(c -> assertThat(c.metadata()).containsEntry("updated", "2024-03-01"));

        // every row deleted: a sync empties the source
        for (long id = 1; id <= 300; id++) {
            if (id != 200 && (id <= 250 || id == 300)) {
                k.rows.delete(URL, "tickets", id);
            }
        }
        IngestionTask emptied = ingest(source);
        assertThat(emptied.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(emptied.rows()).hasValue(new RowCounts(0, 0, 250, 0));
        assertThat(k.chunks.count(source.id())).isZero();
        assertThat(k.vectors.count(source.collection())).isZero();
    }

    @Test
    void aMissingSecretTableOrDatabaseFailsTheTaskWithAClearReason() {
        Source source = source("Tickets", false);
        k.secrets.clear();
        IngestionTask noSecret = ingest(source);
        assertThat(noSecret.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(noSecret.error())
                .hasValueSatisfying(e ->
                        assertThat(e).contains("organization secret 'shop_url'").doesNotContain("s3cret"));

        k.secrets.put(ORG + "/shop_url", URL);
        IngestionTask refused = ingest(source);
        assertThat(refused.error()).hasValueSatisfying(e -> assertThat(e).contains("could not connect"));

        k.rows.create(URL, "other");
        IngestionTask noTable = ingest(source);
        assertThat(noTable.error()).hasValueSatisfying(e -> assertThat(e).contains("tickets does not exist"));

        k.rows.create(URL, "tickets");
        IngestionTask empty = ingest(source);
        assertThat(empty.error()).hasValueSatisfying(e -> assertThat(e).contains("the table tickets has no rows"));
    }

    @Test
    void onlyWritersStartADatabaseIngestionOfADatabaseSourceOneAtATime() {
        Source source = source("Tickets", false);
        assertThatThrownBy(() -> k.ingestSource().handle(actor(Role.MEMBER), source.id()))
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.FORBIDDEN);
        Source files = k.createSource()
                .handle(
                        developer,
                        new CreateSource.Command(
                                ORG,
                                "Docs",
                                SourceType.FILES,
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of(new io.draftnrun.domain.knowledge.ChunkingOptions(64, 8))));
        assertThatThrownBy(() -> k.ingestSource().handle(developer, files.id()))
                .hasMessageContaining("upload files")
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.FAILED_PRECONDITION);

        IngestionTask pending = k.ingestSource().handle(developer, source.id());
        assertThat(pending.status()).isEqualTo(TaskStatus.PENDING);
        assertThatThrownBy(() -> k.ingestSource().handle(developer, source.id()))
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.CONFLICT);
    }
}
