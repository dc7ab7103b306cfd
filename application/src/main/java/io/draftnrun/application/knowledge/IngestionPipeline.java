package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.BlobStore;
import io.draftnrun.application.knowledge.port.ChunkRepository;
import io.draftnrun.application.knowledge.port.DocumentParser;
import io.draftnrun.application.knowledge.port.IngestionTaskRepository;
import io.draftnrun.application.knowledge.port.IngestionUpdates;
import io.draftnrun.application.knowledge.port.SourceRepository;
import io.draftnrun.application.knowledge.port.SourceRowReader;
import io.draftnrun.application.knowledge.port.TokenCounter;
import io.draftnrun.application.knowledge.port.VectorStore;
import io.draftnrun.application.llm.LlmCredentialResolver;
import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.application.llm.port.EmbeddingModelProvider;
import io.draftnrun.application.llm.port.OrganizationSecretLookup;
import io.draftnrun.domain.knowledge.Chunk;
import io.draftnrun.domain.knowledge.ChunkingOptions;
import io.draftnrun.domain.knowledge.DatabaseSourceSettings;
import io.draftnrun.domain.knowledge.DocumentSection;
import io.draftnrun.domain.knowledge.FileResult;
import io.draftnrun.domain.knowledge.IngestionTask;
import io.draftnrun.domain.knowledge.MarkdownTreeChunker;
import io.draftnrun.domain.knowledge.RowCounts;
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
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Runs one ingestion task of a source. For a files source: phase 1 reads, parses and chunks every file not finished yet (a file
 * that cannot be read or parsed gets a failed result with the reason; the others go on), which fixes the number of
 * chunks to embed. Phase 2, file by file: the chunks are stored in the ingestion database (replacing the file's
 * earlier chunks), embedded in batches and upserted into the source's collection, then the file is marked ingested
 * with its content hash. Progress is saved and announced after every batch.
 *
 * <p>Everything is idempotent: chunk ids are deterministic and every write is an upsert, so a task run again after a
 * crash or a stop ends with the same chunks, none lost and none duplicated; a file whose content hash matches its
 * last complete ingestion is not embedded again.
 *
 * <p>A database source is read page by page in id order ({@link SourceRowReader}, URL from the organization secret
 * the source names); each row is a document ({@link RowDocuments}) written like a file (same chunk store, embedding
 * and upsert phase), a row whose content hash is unchanged is skipped, and every row read is marked seen by the task.
 * With sync enabled, the rows of earlier ingestions not seen by this one (deleted from the table) then lose their
 * chunks and vectors. The task counts the rows inserted, updated, deleted and unchanged ({@link RowCounts}).
 * Progress counts chunks: the total starts at one per row and grows as long rows split.
 *
 * <p>Each file fails alone: a deterministic failure at any stage of a file (read, parse, chunk, store, embed, index)
 * becomes that file's failed result with its reason, what it half wrote is removed, and the next file goes on. Only
 * outages ({@code UNAVAILABLE}) leave the job for a retry; any other error ends the task at once (ADR 0017).
 */
public final class IngestionPipeline {
    private static final System.Logger LOG = System.getLogger(IngestionPipeline.class.getName());

    private final Ports ports;
    private final ChunkingOptions chunking;
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
            IngestionUpdates updates,
            SourceRowReader rows,
            OrganizationSecretLookup secrets) {
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
            Objects.requireNonNull(rows, "rows");
            Objects.requireNonNull(secrets, "secrets");
        }
    }

    /** The chunker of a source's own chunk sizes (the one built for {@code chunking} when they are the same). */
    private MarkdownTreeChunker chunker(Source source) {
        return source.chunking().equals(chunking)
                ? chunker
                : new MarkdownTreeChunker(ports.tokens()::count, source.chunking());
    }

    /** @param chunking the chunk sizes most sources use (each source's own are used; this one's chunker is kept) */
    public IngestionPipeline(Ports ports, ChunkingOptions chunking, int batchSize, Clock clock) {
        this.chunking = chunking;
        this.ports = ports;
        this.chunker = new MarkdownTreeChunker(ports.tokens()::count, chunking);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive");
        }
        this.batchSize = batchSize;
        this.clock = clock;
    }

    /** Rows read from a database source per page. */
    static final int ROW_PAGE = 200;

    /** A document (a file or a row) ready to write: its id, the hash of what it was made from, its chunks. */
    private record Prepared(String documentId, String contentHash, List<StoredChunk> chunks) {}

    private record PreparedFile(TaskFile file, Prepared document) {}

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
        try {
            task = source.type() == SourceType.DATABASE ? ingestRows(source, task, stop) : ingest(source, task, stop);
            save(task.finished(clock.instant()));
        } catch (IngestionInterrupted e) {
            throw e;
        } catch (RuntimeException e) {
            if (isTransient(e)) {
                throw e; // a store is down: leave the job for a retry
            }
            // deterministic: running it again would fail the same way, so the task ends here with the reason
            LOG.log(System.Logger.Level.WARNING, "ingestion task {0} failed: {1}", task.id(), e.toString());
            IngestionTask latest = ports.tasks().find(task.id()).orElse(task);
            save(latest.failed(reasonOf(e), clock.instant()));
        }
    }

    /**
     * An outage (a store or model service unavailable, as the adapters report it): the job is left for a retry. Every
     * other failure is deterministic and is never retried.
     */
    static boolean isTransient(Throwable error) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof DomainException d) {
                return d.code() == ErrorCode.UNAVAILABLE;
            }
        }
        return false;
    }

    /** A reason for the user: the message of a domain error, else only the kind of error (no internals). */
    static String reasonOf(Throwable error) {
        if (error instanceof FileFailure failure) {
            return failure.getMessage();
        }
        if (error instanceof DomainException d
                && d.getMessage() != null
                && !d.getMessage().isBlank()) {
            return d.getMessage();
        }
        return "an unexpected error (" + error.getClass().getSimpleName() + ")";
    }

    /** A deterministic failure of one stage of one document (store, embed, index). */
    static final class FileFailure extends RuntimeException {
        FileFailure(String stage, RuntimeException cause) {
            super(stage + " failed: " + reasonOf(cause), cause);
        }
    }

    /** Runs one stage of a document's ingestion; a deterministic failure becomes a {@link FileFailure}. */
    private static <T> T stage(String stage, java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (IngestionInterrupted | FileFailure e) {
            throw e;
        } catch (RuntimeException e) {
            if (isTransient(e)) {
                throw e;
            }
            throw new FileFailure(stage, e);
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
        List<PreparedFile> prepared = new ArrayList<>();
        for (TaskFile file : task.files()) {
            if (task.resultOf(file.fileId()).isPresent()) {
                continue; // finished before a restart
            }
            checkStop(stop);
            Object outcome;
            try {
                outcome = prepare(source, file);
            } catch (IngestionInterrupted e) {
                throw e;
            } catch (RuntimeException e) {
                if (isTransient(e)) {
                    throw e;
                }
                LOG.log(System.Logger.Level.WARNING, "file {0} of task {1} failed: {2}", file.name(), task.id(), e);
                outcome = FileResult.failed(file, "reading the file failed: " + reasonOf(e));
            }
            if (outcome instanceof FileResult result) {
                task = task.withResult(result, clock.instant());
            } else {
                prepared.add((PreparedFile) outcome);
            }
        }
        int done = task.results().stream().mapToInt(FileResult::chunks).sum();
        int total = done
                + prepared.stream().mapToInt(p -> p.document().chunks().size()).sum();
        task = save(task.started(total, done, clock.instant()));

        ProviderCredentials credentials = credentials(source);
        for (PreparedFile file : prepared) {
            int doneBefore = task.chunksDone();
            try {
                task = write(source, List.of(file.document()), credentials, task, stop);
                task = save(task.withResult(
                        FileResult.ingested(
                                file.file(), file.document().chunks().size()),
                        clock.instant()));
            } catch (FileFailure e) {
                // this file alone fails; what it left half-written goes, the others carry on
                LOG.log(
                        System.Logger.Level.WARNING,
                        "file {0} of task {1} failed: {2}",
                        file.file().name(),
                        task.id(),
                        e.getMessage());
                discard(source, file.document());
                IngestionTask latest = ports.tasks().find(task.id()).orElse(task);
                int remaining = Math.max(
                        0, latest.chunksTotal() - file.document().chunks().size());
                task = save(latest.started(remaining, Math.min(doneBefore, remaining), clock.instant())
                        .withResult(FileResult.failed(file.file(), e.getMessage()), clock.instant()));
            }
        }
        return task;
    }

    private IngestionTask ingestRows(Source source, IngestionTask task, BooleanSupplier stop) {
        DatabaseSourceSettings table = source.database().orElseThrow();
        String url = ports.secrets()
                .secret(source.organizationId(), table.urlSecretKey())
                .filter(value -> !value.isBlank())
                .orElseThrow(() -> new DomainException(
                        ErrorCode.FAILED_PRECONDITION,
                        "the organization secret '" + table.urlSecretKey() + "' holding the database URL of source '"
                                + source.name() + "' is not set"));
        long rowCount = ports.rows().count(url, table);
        if (rowCount == 0 && !(table.syncEnabled() && ports.chunks().count(source.id()) > 0)) {
            throw new DomainException(ErrorCode.FAILED_PRECONDITION, "the table " + table.table() + " has no rows");
        }
        RowCounts counts = RowCounts.NONE;
        task = save(task.started(clampInt(rowCount), 0, clock.instant()).withRows(counts, clock.instant()));
        ProviderCredentials credentials = credentials(source);
        int done = 0;
        long rowsRead = 0;
        Optional<Object> after = Optional.empty();
        while (true) {
            checkStop(stop);
            List<SourceRow> page = ports.rows().page(url, table, after, ROW_PAGE);
            if (page.isEmpty()) {
                break;
            }
            rowsRead += page.size();
            List<String> ids = page.stream()
                    .map(row -> RowDocuments.documentId(source.id(), row.idText()))
                    .toList();
            Map<String, IngestedFile> before = ports.chunks().ingested(source.id(), ids);
            List<Prepared> changed = new ArrayList<>();
            int unchanged = 0;
            long inserted = 0;
            long updated = 0;
            long sameRows = 0;
            for (int i = 0; i < page.size(); i++) {
                IngestedFile earlier = before.get(ids.get(i));
                Object outcome = prepareRow(source, table, page.get(i), ids.get(i), earlier);
                if (outcome instanceof IngestedFile same) {
                    unchanged += same.chunkCount();
                    sameRows++;
                } else {
                    changed.add((Prepared) outcome);
                    if (earlier == null) {
                        inserted++;
                    } else {
                        updated++;
                    }
                }
            }
            int pending = changed.stream().mapToInt(p -> p.chunks().size()).sum();
            done += unchanged;
            long total = (long) done + pending + Math.max(0, rowCount - rowsRead);
            task = save(task.started(clampInt(total), done, clock.instant()));
            task = write(source, changed, credentials, task, stop);
            counts = counts.plus(new RowCounts(inserted, updated, 0, sameRows));
            task = save(task.withRows(counts, clock.instant()));
            done += pending;
            ports.chunks().markSeen(source.id(), ids, task.id());
            after = Optional.of(page.getLast().id());
            if (page.size() < ROW_PAGE) {
                break;
            }
        }
        if (table.syncEnabled()) {
            long deleted = removeRowsNotSeen(source, task, stop);
            task = save(task.withRows(counts.plus(new RowCounts(0, 0, deleted, 0)), clock.instant()));
        }
        return task;
    }

    /** The stored record when the row is unchanged since it was last ingested, else its {@link Prepared} document. */
    private Object prepareRow(
            Source source, DatabaseSourceSettings table, SourceRow row, String documentId, IngestedFile before) {
        String text = StorableText.clean(RowDocuments.text(table, row));
        Map<String, Object> metadata = StorableText.clean(RowDocuments.metadata(table, row));
        String hash = RowDocuments.contentHash(text, metadata);
        if (before != null && before.contentHash().equals(hash)) {
            return before;
        }
        if (text.isBlank()) {
            return new Prepared(documentId, hash, List.of()); // nothing to embed; earlier chunks of the row go
        }
        String name = RowDocuments.documentName(table, row.idText());
        List<StoredChunk> stored = chunker(source).chunk(documentId, name, text).stream()
                .map(c -> new StoredChunk(
                        source.id(),
                        c.id(),
                        documentId,
                        c.index(),
                        name,
                        c.pageNumbers(),
                        c.text(),
                        metadata,
                        sha256(c.text().getBytes(StandardCharsets.UTF_8))))
                .toList();
        return new Prepared(documentId, hash, stored);
    }

    /** Sync: the rows of earlier ingestions this task did not see were deleted from the table; so go their chunks. */
    private long removeRowsNotSeen(Source source, IngestionTask task, BooleanSupplier stop) {
        long deleted = 0;
        while (true) {
            checkStop(stop);
            List<String> gone = ports.chunks().filesNotSeen(source.id(), task.id(), ROW_PAGE);
            if (gone.isEmpty()) {
                return deleted;
            }
            deleted += gone.size();
            List<String> removed = new ArrayList<>();
            for (String documentId : gone) {
                removed.addAll(ports.chunks().replaceFile(source.id(), documentId, List.of()));
            }
            if (!removed.isEmpty()) {
                ports.vectors().delete(source.collection(), removed);
            }
            LOG.log(
                    System.Logger.Level.INFO,
                    "source {0}: removed {1} rows deleted from table {2}",
                    source.id(),
                    gone.size(),
                    source.database().orElseThrow().table());
        }
    }

    private ProviderCredentials credentials(Source source) {
        return ports.credentials()
                .resolve(source.organizationId(), source.embeddingModel())
                .credentials();
    }

    /**
     * Writes documents (files or rows): each one's chunks replace its earlier ones in the chunk store (vectors of
     * chunks that went are deleted), then all chunks are embedded in batches and upserted, with progress saved after
     * each batch, and finally each document is marked ingested with its content hash. A crash anywhere leaves the
     * documents unmarked, so the next run writes them again (same chunk ids: nothing is duplicated).
     */
    private IngestionTask write(
            Source source,
            List<Prepared> documents,
            ProviderCredentials credentials,
            IngestionTask task,
            BooleanSupplier stop) {
        List<StoredChunk> chunks = new ArrayList<>();
        for (Prepared document : documents) {
            List<String> removed = stage(
                    "storing its chunks",
                    () -> ports.chunks().replaceFile(source.id(), document.documentId(), document.chunks()));
            if (!removed.isEmpty()) {
                stage("removing its earlier vectors", () -> {
                    ports.vectors().delete(source.collection(), removed);
                    return null;
                });
            }
            chunks.addAll(document.chunks());
        }
        Collection<String> payloadFields =
                source.database().map(RowDocuments::payloadFields).orElse(List.of());
        for (int from = 0; from < chunks.size(); from += batchSize) {
            checkStop(stop);
            List<StoredChunk> batch = chunks.subList(from, Math.min(from + batchSize, chunks.size()));
            List<float[]> vectors = stage("embedding", () -> {
                List<float[]> embedded = ports.embeddings()
                        .embed(
                                source.embeddingModel(),
                                credentials,
                                batch.stream().map(StoredChunk::content).toList());
                if (embedded.size() != batch.size()) {
                    throw new DomainException(
                            ErrorCode.INTERNAL,
                            "the embedding model returned " + embedded.size() + " vectors for " + batch.size()
                                    + " texts");
                }
                return embedded;
            });
            List<VectorPoint> points = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                points.add(ChunkPayload.point(batch.get(i), vectors.get(i), payloadFields));
            }
            stage("indexing", () -> {
                ports.vectors().upsert(source.collection(), points);
                return null;
            });
            task = save(task.progressed(batch.size(), clock.instant()));
        }
        for (Prepared document : documents) {
            ports.chunks()
                    .markIngested(
                            source.id(),
                            document.documentId(),
                            document.contentHash(),
                            document.chunks().size());
        }
        return task;
    }

    /** Best effort: the chunks and vectors a failed document left behind go, so no half document is retrieved. */
    private void discard(Source source, Prepared document) {
        try {
            List<String> ids = new ArrayList<>(
                    document.chunks().stream().map(StoredChunk::chunkId).toList());
            ids.addAll(ports.chunks().replaceFile(source.id(), document.documentId(), List.of()));
            if (!ids.isEmpty()) {
                ports.vectors()
                        .delete(source.collection(), ids.stream().distinct().toList());
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "cleaning up document {0} failed: {1}", document.documentId(), e);
        }
    }

    /** A {@link FileResult} when the file needs no embedding (failed or unchanged), else a {@link PreparedFile}. */
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
            chunks = chunker(source)
                    .chunk(
                            file.fileId(),
                            file.name(),
                            document.sections().stream()
                                    .map(section -> new DocumentSection(
                                            StorableText.clean(section.markdown()), section.pageNumber()))
                                    .toList());
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
        return new PreparedFile(file, new Prepared(file.fileId(), hash, stored));
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

    private static int clampInt(long value) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, value));
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
