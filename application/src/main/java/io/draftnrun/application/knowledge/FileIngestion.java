package io.draftnrun.application.knowledge;

import static io.draftnrun.application.knowledge.IngestionFailures.checkStop;
import static io.draftnrun.application.knowledge.IngestionFailures.isTransient;
import static io.draftnrun.application.knowledge.IngestionFailures.reasonOf;
import static io.draftnrun.application.knowledge.PreparedDocument.sha256;

import io.draftnrun.application.knowledge.port.BlobStore;
import io.draftnrun.application.knowledge.port.ChunkRepository;
import io.draftnrun.application.knowledge.port.DocumentParser;
import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.domain.knowledge.Chunk;
import io.draftnrun.domain.knowledge.DocumentSection;
import io.draftnrun.domain.knowledge.FileResult;
import io.draftnrun.domain.knowledge.IngestionTask;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.knowledge.TaskFile;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * Ingests the uploaded files of a task, in three stages running at once (see {@link #ingest}): each file not finished
 * yet is read, parsed, chunked and its chunks stored (a file that cannot be read or parsed gets a failed result with
 * the reason; the others go on); its chunks are embedded in batches; each batch is upserted with progress saved, then
 * the file is marked ingested. A file whose content hash matches its last complete ingestion is not embedded again. Each file fails alone: a
 * deterministic failure at any stage becomes that file's failed result with its reason, what it half wrote is
 * removed, and the next file goes on.
 */
public final class FileIngestion {
    private static final System.Logger LOG = System.getLogger(FileIngestion.class.getName());

    private final BlobStore blobs;
    private final DocumentParser parser;
    private final ChunkRepository chunks;
    private final SourceChunkers chunkers;
    private final DocumentWriter writer;
    private final IngestionProgress progress;
    private final Executor executor;

    /** @param executor runs the stages of a task that do not run on its own thread (owned by the composition root) */
    public FileIngestion(
            BlobStore blobs,
            DocumentParser parser,
            ChunkRepository chunks,
            SourceChunkers chunkers,
            DocumentWriter writer,
            IngestionProgress progress,
            Executor executor) {
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.chunks = Objects.requireNonNull(chunks, "chunks");
        this.chunkers = Objects.requireNonNull(chunkers, "chunkers");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    private record PreparedFile(TaskFile file, PreparedDocument document) {}

    /** What one stage hands to the next. */
    private sealed interface Item {}

    /** A file that needs no embedding (failed or unchanged). */
    private record Result(FileResult result) implements Item {}

    /** A file whose chunks are stored, to embed. */
    private record Ready(PreparedFile file) implements Item {}

    /** The next file's batches follow. */
    private record Begin(PreparedFile file) implements Item {}

    private record Batch(List<StoredChunk> chunks, List<float[]> vectors) implements Item {}

    private record Failed(PreparedFile file, IngestionFailures.FileFailure failure) implements Item {}

    /** Every batch of the file was handed over. */
    private record Complete(PreparedFile file) implements Item {}

    /** The stage before failed or was stopped: the task ends with this error. */
    private record Abort(RuntimeException error) implements Item {}

    private record End() implements Item {}

    /** Prepared files waiting for the embedding stage, and embedded batches waiting for the index stage. */
    static final int FILES_AHEAD = 2;

    static final int BATCHES_AHEAD = 4;

    /**
     * Ingests the files of {@code task} not finished yet; returns the task with every file's result. Three stages
     * run at once, handing over through bounded queues: reading, parsing, chunking and storing the chunks of the
     * next files; embedding (the bottleneck, which so never waits for the others); and, on this thread, upserting
     * each embedded batch, saving progress and each file's result. The chunks total grows as files are chunked.
     */
    IngestionTask ingest(Source source, IngestionTask task, BooleanSupplier stop) {
        List<TaskFile> pending = task.files().stream()
                .filter(file -> task.resultOf(file.fileId()).isEmpty()) // finished before a restart
                .toList();
        int done = task.results().stream().mapToInt(FileResult::chunks).sum();
        IngestionTask current = progress.save(task.started(done, done, progress.now()));
        ProviderCredentials credentials = writer.credentials(source);
        BlockingQueue<Item> prepared = IngestionStages.handOff(FILES_AHEAD);
        BlockingQueue<Item> embedded = IngestionStages.handOff(BATCHES_AHEAD);
        Set<String> abandoned = ConcurrentHashMap.newKeySet();
        try (IngestionStages stages = new IngestionStages(executor)) {
            stages.start(() -> prepareAll(source, task, pending, stop, prepared));
            stages.start(() -> embedAll(source, credentials, stop, prepared, embedded, abandoned));
            return indexAll(source, current, stop, embedded, abandoned);
        }
    }

    /** Stage 1: read, parse, chunk and store each file in turn. */
    private void prepareAll(
            Source source, IngestionTask task, List<TaskFile> files, BooleanSupplier stop, BlockingQueue<Item> out) {
        try {
            for (TaskFile file : files) {
                checkStop(stop);
                Item item = prepareOne(source, task, file);
                if (!IngestionStages.put(out, item)) {
                    return;
                }
            }
            IngestionStages.put(out, new End());
        } catch (RuntimeException e) {
            IngestionStages.put(out, new Abort(e));
        }
    }

    private Item prepareOne(Source source, IngestionTask task, TaskFile file) {
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
            return new Result(FileResult.failed(file, "reading the file failed: " + reasonOf(e)));
        }
        if (outcome instanceof FileResult result) {
            return new Result(result);
        }
        PreparedFile ready = (PreparedFile) outcome;
        try {
            writer.store(source, ready.document());
        } catch (IngestionFailures.FileFailure e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "file {0} of task {1} failed: {2}",
                    file.name(),
                    task.id(),
                    e.getMessage());
            writer.discard(source, ready.document());
            return new Result(FileResult.failed(file, e.getMessage()));
        }
        return new Ready(ready);
    }

    /** Stage 2: embed the chunks of each file in batches. */
    private void embedAll(
            Source source,
            ProviderCredentials credentials,
            BooleanSupplier stop,
            BlockingQueue<Item> in,
            BlockingQueue<Item> out,
            Set<String> abandoned) {
        try {
            while (true) {
                Item item = IngestionStages.take(in);
                if (!(item instanceof Ready(PreparedFile file))) {
                    if (!IngestionStages.put(out, item) || item instanceof End || item instanceof Abort) {
                        return;
                    }
                    continue;
                }
                if (!IngestionStages.put(out, new Begin(file))) {
                    return;
                }
                List<StoredChunk> chunks = file.document().chunks();
                Item last = new Complete(file);
                for (int from = 0; from < chunks.size(); from += writer.batchSize()) {
                    checkStop(stop);
                    if (abandoned.contains(file.file().fileId())) {
                        break; // indexing failed: the file is failed already
                    }
                    List<StoredChunk> batch = chunks.subList(from, Math.min(from + writer.batchSize(), chunks.size()));
                    List<float[]> vectors;
                    try {
                        vectors = writer.embedBatch(source, credentials, batch);
                    } catch (IngestionFailures.FileFailure e) {
                        last = new Failed(file, e);
                        break;
                    }
                    if (!IngestionStages.put(out, new Batch(batch, vectors))) {
                        return;
                    }
                }
                if (!IngestionStages.put(out, last)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            IngestionStages.put(out, new Abort(e));
        }
    }

    /** Stage 3, on the task's thread: upsert each batch, save progress, record each file's result. */
    private IngestionTask indexAll(
            Source source, IngestionTask task, BooleanSupplier stop, BlockingQueue<Item> in, Set<String> abandoned) {
        PreparedFile file = null;
        boolean failed = false;
        int doneBefore = task.chunksDone();
        while (true) {
            Item item = IngestionStages.take(in);
            switch (item) {
                case Result(FileResult result) -> {
                    // an unchanged file's chunks count as done, as those of files finished before a restart
                    task = task.started(
                                    task.chunksTotal() + result.chunks(),
                                    task.chunksDone() + result.chunks(),
                                    progress.now())
                            .withResult(result, progress.now());
                }
                case Begin(PreparedFile next) -> {
                    file = next;
                    failed = false;
                    doneBefore = task.chunksDone();
                    // saved with the file's first batch: one write fewer per file
                    task = task.started(
                            task.chunksTotal() + next.document().chunks().size(), doneBefore, progress.now());
                }
                case Batch(List<StoredChunk> chunks, List<float[]> vectors) -> {
                    if (failed) {
                        continue;
                    }
                    checkStop(stop);
                    try {
                        writer.index(source, chunks, vectors);
                        task = progress.save(task.progressed(chunks.size(), progress.now()));
                    } catch (IngestionFailures.FileFailure e) {
                        abandoned.add(file.file().fileId());
                        task = fail(source, task, file, doneBefore, e);
                        failed = true;
                    }
                }
                case Failed(PreparedFile which, IngestionFailures.FileFailure failure) -> {
                    if (!failed) {
                        task = fail(source, task, which, doneBefore, failure);
                        failed = true;
                    }
                }
                case Complete(PreparedFile which) -> {
                    if (!failed) {
                        writer.markIngested(source, which.document());
                        task = progress.save(task.withResult(
                                FileResult.ingested(
                                        which.file(), which.document().chunks().size()),
                                progress.now()));
                    }
                }
                case Abort(RuntimeException error) -> throw error;
                case End() -> {
                    return task;
                }
                case Ready(PreparedFile ignored) -> throw new IllegalStateException("a file skipped embedding");
            }
        }
    }

    /** This file alone fails; what it left half-written goes, the others carry on. */
    private IngestionTask fail(
            Source source, IngestionTask task, PreparedFile file, int doneBefore, IngestionFailures.FileFailure e) {
        LOG.log(
                System.Logger.Level.WARNING,
                "file {0} of task {1} failed: {2}",
                file.file().name(),
                task.id(),
                e.getMessage());
        writer.discard(source, file.document());
        // this thread holds the task's latest state: its total counts the file's chunks, which go
        int remaining =
                Math.max(0, task.chunksTotal() - file.document().chunks().size());
        return progress.save(task.started(remaining, Math.min(doneBefore, remaining), progress.now())
                .withResult(FileResult.failed(file.file(), e.getMessage()), progress.now()));
    }

    /** A {@link FileResult} when the file needs no embedding (failed or unchanged), else a {@link PreparedFile}. */
    private Object prepare(Source source, TaskFile file) {
        byte[] bytes;
        try {
            bytes = blobs.getBytes(BlobKey.of(file.blobKey()));
        } catch (DomainException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return FileResult.failed(file, "the uploaded file is no longer in storage");
            }
            throw e;
        }
        String hash = sha256(bytes);
        Optional<IngestedFile> before = chunks.ingested(source.id(), file.fileId());
        if (before.isPresent() && before.get().contentHash().equals(hash)) {
            return FileResult.unchanged(file, before.get().chunkCount());
        }
        ParseResult parsed = parser.parse(file.name(), file.contentType(), bytes);
        if (parsed instanceof ParseResult.Failed failed) {
            return FileResult.failed(file, failed.reason());
        }
        var document = ((ParseResult.Parsed) parsed).document();
        List<Chunk> pieces;
        try {
            pieces = chunkers.of(source)
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
        if (pieces.isEmpty()) {
            return FileResult.failed(file, "the file holds no text");
        }
        Map<String, Object> metadata = Map.of(ChunkPayload.URL, file.blobKey(), "content_type", file.contentType());
        List<StoredChunk> stored = pieces.stream()
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
        return new PreparedFile(file, new PreparedDocument(file.fileId(), hash, stored));
    }
}
