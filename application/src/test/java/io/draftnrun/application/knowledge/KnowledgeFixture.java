package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.DocumentParser;
import io.draftnrun.application.llm.FakeEmbeddingModelProvider;
import io.draftnrun.application.llm.InMemoryModelCatalog;
import io.draftnrun.application.llm.LlmCredentialResolver;
import io.draftnrun.application.llm.port.EmbeddingModelProvider;
import io.draftnrun.domain.knowledge.ChunkingOptions;
import io.draftnrun.domain.knowledge.DocumentSection;
import io.draftnrun.domain.knowledge.IngestionTask;
import io.draftnrun.domain.knowledge.IngestionTaskId;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.knowledge.SourceType;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The knowledge slice on fakes: repositories, queue, stores, a markdown-only parser and word-hash embeddings. */
public final class KnowledgeFixture {
    public static final OrganizationId ORG = new OrganizationId(UUID.randomUUID());

    public final InMemorySourceRepository sources = new InMemorySourceRepository();
    public final InMemoryIngestionTaskRepository tasks = new InMemoryIngestionTaskRepository();
    public final InMemoryChunkRepository chunks = new InMemoryChunkRepository();
    public final InMemoryBlobStore blobs = new InMemoryBlobStore();
    public final InMemoryVectorStore vectors = new InMemoryVectorStore();
    public final InMemoryIngestionQueue queue = new InMemoryIngestionQueue();
    public final InMemoryIngestionUpdates updates = new InMemoryIngestionUpdates();
    public final InMemorySourceRowReader rows = new InMemorySourceRowReader();
    /** Organization secrets as {@code <org>/<name>} to plaintext. */
    final Map<String, String> secrets = new java.util.concurrent.ConcurrentHashMap<>();

    public final EmbeddingModelProvider embeddings;
    public final Clock clock = Clock.systemUTC();
    /** The least time between two progress saves within a document; zero (every batch) unless a test sets it. */
    public Duration progressInterval = Duration.ZERO;

    public KnowledgeFixture() {
        this(new FakeEmbeddingModelProvider(16));
    }

    public KnowledgeFixture(EmbeddingModelProvider embeddings) {
        this.embeddings = embeddings;
    }

    public static Actor actor(Role role) {
        return Actor.user(new UserId(UUID.randomUUID()), "", Map.of(ORG, role), false);
    }

    /** Reads markdown and text; a name ending in {@code .bad} is a corrupt file. */
    static final DocumentParser PARSER = (name, type, bytes) -> name.endsWith(".bad")
            ? ParseResult.failed(name, ParseFailure.CORRUPT_FILE, "the file is damaged and cannot be read")
            : ParseResult.parsed(new ParsedDocument(
                    name, List.of(DocumentSection.onPage(new String(bytes, StandardCharsets.UTF_8), 1))));

    /** A files source of {@link #ORG} with small chunks (64 tokens, 8 overlap), created by a developer. */
    public Source filesSource(String name) {
        return createSource()
                .handle(
                        actor(Role.DEVELOPER),
                        new CreateSource.Command(
                                ORG,
                                name,
                                SourceType.FILES,
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of(new ChunkingOptions(64, 8))));
    }

    /** Waits (10 s at most) until the task has ended, and returns it. */
    public IngestionTask awaitFinished(IngestionTaskId id) {
        org.awaitility.Awaitility.await("task " + id + " finishes")
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> tasks.find(id).orElseThrow().status().finished());
        return tasks.find(id).orElseThrow();
    }

    public CreateSource createSource() {
        return new CreateSource(sources, vectors, embeddings, clock);
    }

    public UploadFiles uploadFiles() {
        return new UploadFiles(sources, blobs, tasks, queue, updates, clock);
    }

    public DeleteSource deleteSource() {
        return new DeleteSource(sources, vectors, chunks, blobs);
    }

    public IngestSource ingestSource() {
        return new IngestSource(sources, tasks, queue, updates, clock);
    }

    public KnowledgeQueries queries() {
        return new KnowledgeQueries(sources, tasks, updates, chunks);
    }

    public ProcessIngestionTask pipeline() {
        LlmCredentialResolver credentials =
                new LlmCredentialResolver((org, name) -> Optional.empty(), new InMemoryModelCatalog(), name -> null);
        IngestionProgress progress = new IngestionProgress(tasks, updates, clock);
        SourceChunkers chunkers = new SourceChunkers(text -> text.split("\\s+").length, new ChunkingOptions(64, 8));
        DocumentWriter writer =
                new DocumentWriter(chunks, embeddings, credentials, vectors, progress, 4, progressInterval);
        return new ProcessIngestionTask(
                sources,
                progress,
                new FileIngestion(blobs, PARSER, chunks, chunkers, writer, progress),
                new DatabaseIngestion(
                        rows,
                        (org, name) -> Optional.ofNullable(secrets.get(org + "/" + name)),
                        chunks,
                        chunkers,
                        writer,
                        progress));
    }

    /**
     * Runs the queued ingestion jobs here, one after the other, as a worker would (the worker itself is an inbound
     * adapter, tested in its module): a job whose task throws (an outage) is delivered again; fails the test if jobs
     * are still queued after 100 deliveries.
     */
    public void runQueued() {
        ProcessIngestionTask process = pipeline();
        for (int delivery = 0; delivery < 100; delivery++) {
            List<JobDelivery> got = queue.reclaim("test", Duration.ZERO, 1);
            if (got.isEmpty()) {
                got = queue.receive("test", 1, Duration.ZERO);
            }
            if (got.isEmpty()) {
                return;
            }
            try {
                process.run(got.getFirst().job(), () -> false);
                queue.ack(got.getFirst());
            } catch (RuntimeException e) {
                if (!IngestionFailures.isTransient(e)) {
                    throw e;
                }
            }
        }
        throw new AssertionError("ingestion jobs still queued after 100 deliveries");
    }

    public static UploadFiles.FileUpload file(String name, String text) {
        return new UploadFiles.FileUpload(name, "text/markdown", text.getBytes(StandardCharsets.UTF_8));
    }

    /** A markdown document of {@code sections} sections of a few sentences each. */
    public static String document(String topic, int sections) {
        StringBuilder text = new StringBuilder("# " + topic + "\n\n");
        for (int i = 1; i <= sections; i++) {
            text.append("## Part ").append(i).append("\n\n");
            for (int s = 0; s < 6; s++) {
                text.append("The ")
                        .append(topic)
                        .append(" part ")
                        .append(i)
                        .append(" sentence ")
                        .append(s)
                        .append(" explains one more detail worth knowing. ");
            }
            text.append("\n\n");
        }
        return text.toString();
    }
}
