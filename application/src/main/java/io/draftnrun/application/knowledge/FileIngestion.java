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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Ingests the uploaded files of a task. Phase 1 reads, parses and chunks every file not finished yet (a file that
 * cannot be read or parsed gets a failed result with the reason; the others go on), which fixes the number of chunks
 * to embed. Phase 2, file by file, hands the chunks to the {@link DocumentWriter}, then marks the file ingested. A
 * file whose content hash matches its last complete ingestion is not embedded again. Each file fails alone: a
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

    public FileIngestion(
            BlobStore blobs,
            DocumentParser parser,
            ChunkRepository chunks,
            SourceChunkers chunkers,
            DocumentWriter writer,
            IngestionProgress progress) {
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.chunks = Objects.requireNonNull(chunks, "chunks");
        this.chunkers = Objects.requireNonNull(chunkers, "chunkers");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    private record PreparedFile(TaskFile file, PreparedDocument document) {}

    /** Ingests the files of {@code task} not finished yet; returns the task with every file's result. */
    IngestionTask ingest(Source source, IngestionTask task, BooleanSupplier stop) {
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
                task = task.withResult(result, progress.now());
            } else {
                prepared.add((PreparedFile) outcome);
            }
        }
        int done = task.results().stream().mapToInt(FileResult::chunks).sum();
        int total = done
                + prepared.stream().mapToInt(p -> p.document().chunks().size()).sum();
        task = progress.save(task.started(total, done, progress.now()));

        ProviderCredentials credentials = writer.credentials(source);
        for (PreparedFile file : prepared) {
            int doneBefore = task.chunksDone();
            try {
                task = writer.write(source, List.of(file.document()), credentials, task, stop);
                task = progress.save(task.withResult(
                        FileResult.ingested(
                                file.file(), file.document().chunks().size()),
                        progress.now()));
            } catch (IngestionFailures.FileFailure e) {
                // this file alone fails; what it left half-written goes, the others carry on
                LOG.log(
                        System.Logger.Level.WARNING,
                        "file {0} of task {1} failed: {2}",
                        file.file().name(),
                        task.id(),
                        e.getMessage());
                writer.discard(source, file.document());
                IngestionTask latest = progress.find(task.id()).orElse(task);
                int remaining = Math.max(
                        0, latest.chunksTotal() - file.document().chunks().size());
                task = progress.save(latest.started(remaining, Math.min(doneBefore, remaining), progress.now())
                        .withResult(FileResult.failed(file.file(), e.getMessage()), progress.now()));
            }
        }
        return task;
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
