package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.BlobStore;
import io.draftnrun.application.knowledge.port.ChunkRepository;
import io.draftnrun.application.knowledge.port.DocumentParser;
import io.draftnrun.application.knowledge.port.IngestionTaskRepository;
import io.draftnrun.application.knowledge.port.IngestionUpdates;
import io.draftnrun.application.knowledge.port.SourceRepository;
import io.draftnrun.application.knowledge.port.TokenCounter;
import io.draftnrun.application.knowledge.port.VectorStore;
import io.draftnrun.application.llm.LlmCredentialResolver;
import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.application.llm.port.EmbeddingModelProvider;
import io.draftnrun.domain.knowledge.Chunk;
import io.draftnrun.domain.knowledge.ChunkingOptions;
import io.draftnrun.domain.knowledge.FileResult;
import io.draftnrun.domain.knowledge.IngestionTask;
import io.draftnrun.domain.knowledge.MarkdownTreeChunker;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.knowledge.SourceType;
import io.draftnrun.domain.knowledge.TaskFile;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Runs one ingestion task of a files source. Phase 1 reads, parses and chunks every file not finished yet (a file
 * that cannot be read or parsed gets a failed result with the reason; the others go on), which fixes the number of
 * chunks to embed. Phase 2, file by file: the chunks are stored in the ingestion database (replacing the file's
 * earlier chunks), embedded in batches and upserted into the source's collection, then the file is marked ingested
 * with its content hash. Progress is saved and announced after every batch.
 *
 * <p>Everything is idempotent: chunk ids are deterministic and every write is an upsert, so a task run again after a
 * crash or a stop ends with the same chunks, none lost and none duplicated; a file whose content hash matches its
 * last complete ingestion is not embedded again.
 */
public final class IngestionPipeline {
    private static final System.Logger LOG = System.getLogger(IngestionPipeline.class.getName());

    private final Ports ports;
    private final MarkdownTreeChunker chunker;
    private final Clock clock;
    private final int batchSize;

    /** What the pipeline reads and writes. */
    public record Ports(
            SourceRepository sources,
            IngestionTaskRepository tasks,
            ChunkRepository chunks,
            BlobStore blobs,
            DocumentParser parser,
            TokenCounter tokens,
            EmbeddingModelProvider embeddings,
            LlmCredentialResolver credentials,
            VectorStore vectors,
            IngestionUpdates updates) {
        public Ports {
            Objects.requireNonNull(sources, "sources");
            Objects.requireNonNull(tasks, "tasks");
            Objects.requireNonNull(chunks, "chunks");
            Objects.requireNonNull(blobs, "blobs");
            Objects.requireNonNull(parser, "parser");
            Objects.requireNonNull(tokens, "tokens");
            Objects.requireNonNull(embeddings, "embeddings");
            Objects.requireNonNull(credentials, "credentials");
            Objects.requireNonNull(vectors, "vectors");
            Objects.requireNonNull(updates, "updates");
        }
    }

    public IngestionPipeline(Ports ports, ChunkingOptions chunking, int batchSize, Clock clock) {
        this.ports = ports;
        this.chunker = new MarkdownTreeChunker(ports.tokens()::count, chunking);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive");
        }
        this.batchSize = batchSize;
        this.clock = clock;
    }

    private record Prepared(TaskFile file, String contentHash, List<StoredChunk> chunks) {}

    /**
     * Runs the task of {@code job} to its end (completed or failed) unless {@code stop} turns true, in which case it
     * throws {@link IngestionInterrupted} between two batches. A task already finished or gone is left alone.
     */
    public void run(IngestionJob job, BooleanSupplier stop) {
        Optional<IngestionTask> found = ports.tasks().find(job.taskId());
        if (found.isEmpty() || found.get().status().finished()) {
            return;
        }
        IngestionTask task = found.get();
        Optional<Source> maybeSource = ports.sources().find(task.sourceId());
        if (maybeSource.isEmpty()) {
            save(task.failed("the source was deleted", clock.instant()));
            return;
        }
        Source source = maybeSource.get();
        if (source.type() == SourceType.DATABASE) {
            save(task.failed(
                    "database sources cannot be ingested by this version yet (FAILED_PRECONDITION)", clock.instant()));
            return;
        }
        try {
            task = ingest(source, task, stop);
            save(task.finished(clock.instant()));
        } catch (DomainException e) {
            if (e.code() == ErrorCode.UNAVAILABLE) {
                throw e; // a store is down: leave the job for a retry
            }
            LOG.log(System.Logger.Level.WARNING, "ingestion task {0} failed: {1}", task.id(), e.getMessage());
            IngestionTask latest = ports.tasks().find(task.id()).orElse(task);
            save(latest.failed(e.getMessage(), clock.instant()));
        }
    }

    /** Marks the task of a job failed (a job that kept failing). */
    public void fail(IngestionJob job, String reason) {
        ports.tasks()
                .find(job.taskId())
                .filter(t -> !t.status().finished())
                .ifPresent(t -> save(t.failed(reason, clock.instant())));
    }

    private IngestionTask ingest(Source source, IngestionTask task, BooleanSupplier stop) {
        List<Prepared> prepared = new ArrayList<>();
        for (TaskFile file : task.files()) {
            if (task.resultOf(file.fileId()).isPresent()) {
                continue; // finished before a restart
            }
            checkStop(stop);
            Object outcome = prepare(source, file);
            if (outcome instanceof FileResult result) {
                task = task.withResult(result, clock.instant());
            } else {
                prepared.add((Prepared) outcome);
            }
        }
        int done = task.results().stream().mapToInt(FileResult::chunks).sum();
        int total = done + prepared.stream().mapToInt(p -> p.chunks().size()).sum();
        task = save(task.started(total, done, clock.instant()));

        ProviderCredentials credentials = ports.credentials()
                .resolve(source.organizationId(), source.embeddingModel())
                .credentials();
        for (Prepared file : prepared) {
            List<String> removed =
                    ports.chunks().replaceFile(source.id(), file.file().fileId(), file.chunks());
            if (!removed.isEmpty()) {
                ports.vectors().delete(source.collection(), removed);
            }
            for (int from = 0; from < file.chunks().size(); from += batchSize) {
                checkStop(stop);
                List<StoredChunk> batch = file.chunks()
                        .subList(from, Math.min(from + batchSize, file.chunks().size()));
                List<float[]> vectors = ports.embeddings()
                        .embed(
                                source.embeddingModel(),
                                credentials,
                                batch.stream().map(StoredChunk::content).toList());
                if (vectors.size() != batch.size()) {
                    throw new DomainException(
                            ErrorCode.INTERNAL,
                            "the embedding model returned " + vectors.size() + " vectors for " + batch.size()
                                    + " texts");
                }
                List<VectorPoint> points = new ArrayList<>(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    points.add(ChunkPayload.point(batch.get(i), vectors.get(i)));
                }
                ports.vectors().upsert(source.collection(), points);
                task = save(task.progressed(batch.size(), clock.instant()));
            }
            ports.chunks()
                    .markIngested(
                            source.id(),
                            file.file().fileId(),
                            file.contentHash(),
                            file.chunks().size());
            task = save(task.withResult(
                    FileResult.ingested(file.file(), file.chunks().size()), clock.instant()));
        }
        return task;
    }

    /** A {@link FileResult} when the file needs no embedding (failed or unchanged), else a {@link Prepared}. */
    private Object prepare(Source source, TaskFile file) {
        byte[] bytes;
        try {
            bytes = ports.blobs().getBytes(BlobKey.of(file.blobKey()));
        } catch (DomainException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return FileResult.failed(file, "the uploaded file is no longer in storage");
            }
            throw e;
        }
        String hash = sha256(bytes);
        Optional<IngestedFile> before = ports.chunks().ingested(source.id(), file.fileId());
        if (before.isPresent() && before.get().contentHash().equals(hash)) {
            return FileResult.unchanged(file, before.get().chunkCount());
        }
        ParseResult parsed = ports.parser().parse(file.name(), file.contentType(), bytes);
        if (parsed instanceof ParseResult.Failed failed) {
            return FileResult.failed(file, failed.reason());
        }
        var document = ((ParseResult.Parsed) parsed).document();
        List<Chunk> chunks;
        try {
            chunks = chunker.chunk(file.fileId(), file.name(), document.sections());
        } catch (RuntimeException e) {
            return FileResult.failed(file, "the text of the file could not be chunked: " + e.getMessage());
        }
        if (chunks.isEmpty()) {
            return FileResult.failed(file, "the file holds no text");
        }
        Map<String, Object> metadata = Map.of(ChunkPayload.URL, file.blobKey(), "content_type", file.contentType());
        List<StoredChunk> stored = chunks.stream()
                .map(c -> new StoredChunk(
                        source.id(),
                        c.id(),
                        file.fileId(),
                        c.index(),
                        file.name(),
                        c.pageNumbers(),
                        c.text(),
                        metadata,
                        sha256(c.text().getBytes(StandardCharsets.UTF_8))))
                .toList();
        return new Prepared(file, hash, stored);
    }

    private IngestionTask save(IngestionTask task) {
        ports.tasks().save(task);
        try {
            ports.updates().publish(task.organizationId(), task.id());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "announcing task {0} failed: {1}", task.id(), e.getMessage());
        }
        return task;
    }

    private static void checkStop(BooleanSupplier stop) {
        if (stop.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new IngestionInterrupted();
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
