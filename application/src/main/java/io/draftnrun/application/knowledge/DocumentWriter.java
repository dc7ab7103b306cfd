package io.draftnrun.application.knowledge;

import static io.draftnrun.application.knowledge.IngestionFailures.checkStop;
import static io.draftnrun.application.knowledge.IngestionFailures.stage;

import io.draftnrun.application.knowledge.port.ChunkRepository;
import io.draftnrun.application.knowledge.port.VectorStore;
import io.draftnrun.application.llm.LlmCredentialResolver;
import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.application.llm.port.EmbeddingModelProvider;
import io.draftnrun.domain.knowledge.IngestionTask;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Writes documents (files or rows) of a source, whatever they came from: their chunks replace the earlier ones in the
 * chunk store, are embedded in batches and upserted into the source's collection (vectors and keyword index), with
 * progress saved after a batch when {@code progressInterval} has passed since it was last saved (each save is a write
 * and an announcement, beside the model on the same cores; the caller saves the final count); then the collection is
 * committed (once per call, not per batch: a commit is a flush, fsyncs and later merges) and each document is marked
 * ingested with its content hash. A crash anywhere
 * leaves the documents unmarked, so the next run writes them again (same chunk ids: nothing is duplicated).
 */
public final class DocumentWriter {
    private static final System.Logger LOG = System.getLogger(DocumentWriter.class.getName());

    private final ChunkRepository chunks;
    private final EmbeddingModelProvider embeddings;
    private final LlmCredentialResolver credentials;
    private final VectorStore vectors;
    private final IngestionProgress progress;
    private final int batchSize;
    private final Duration progressInterval;

    /**
     * @param progressInterval the least time between two progress saves within a {@link #write} ({@link Duration#ZERO}
     *     saves after every batch)
     */
    public DocumentWriter(
            ChunkRepository chunks,
            EmbeddingModelProvider embeddings,
            LlmCredentialResolver credentials,
            VectorStore vectors,
            IngestionProgress progress,
            int batchSize,
            Duration progressInterval) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive");
        }
        this.chunks = Objects.requireNonNull(chunks, "chunks");
        this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.vectors = Objects.requireNonNull(vectors, "vectors");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.batchSize = batchSize;
        this.progressInterval = Objects.requireNonNull(progressInterval, "progressInterval");
    }

    /** The credentials of the source's embedding model (resolved once per task). */
    ProviderCredentials credentials(Source source) {
        return credentials
                .resolve(source.organizationId(), source.embeddingModel())
                .credentials();
    }

    /**
     * Writes {@code documents} and returns the task with their chunks counted done. A deterministic failure of one
     * stage throws {@link IngestionFailures.FileFailure}; an outage is thrown as it is.
     */
    IngestionTask write(
            Source source,
            List<PreparedDocument> documents,
            ProviderCredentials credentials,
            IngestionTask task,
            BooleanSupplier stop) {
        List<StoredChunk> all = new ArrayList<>();
        for (PreparedDocument document : documents) {
            List<String> removed = stage(
                    "storing its chunks",
                    () -> chunks.replaceFile(source.id(), document.documentId(), document.chunks()));
            if (!removed.isEmpty()) {
                stage("removing its earlier vectors", () -> {
                    vectors.delete(source.collection(), removed);
                    return null;
                });
            }
            all.addAll(document.chunks());
        }
        Collection<String> payloadFields =
                source.database().map(RowDocuments::payloadFields).orElse(List.of());
        Instant saved = progress.now(); // the caller has just saved the task
        for (int from = 0; from < all.size(); from += batchSize) {
            checkStop(stop);
            List<StoredChunk> batch = all.subList(from, Math.min(from + batchSize, all.size()));
            List<float[]> embedded = stage("embedding", () -> embed(source, credentials, batch));
            List<VectorPoint> points = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                points.add(ChunkPayload.point(batch.get(i), embedded.get(i), payloadFields));
            }
            stage("indexing", () -> {
                vectors.upsertUncommitted(source.collection(), points);
                return null;
            });
            Instant now = progress.now();
            task = task.progressed(batch.size(), now);
            if (!now.isBefore(saved.plus(progressInterval))) {
                task = progress.save(task);
                saved = now;
            }
        }
        // once per call, before the documents are marked ingested: a document marked so has durable vectors
        stage("indexing", () -> {
            vectors.commit(source.collection());
            return null;
        });
        for (PreparedDocument document : documents) {
            chunks.markIngested(
                    source.id(),
                    document.documentId(),
                    document.contentHash(),
                    document.chunks().size());
        }
        return task;
    }

    private List<float[]> embed(Source source, ProviderCredentials credentials, List<StoredChunk> batch) {
        List<float[]> embedded = embeddings.embed(
                source.embeddingModel(),
                credentials,
                batch.stream().map(StoredChunk::content).toList());
        if (embedded.size() != batch.size()) {
            throw new DomainException(
                    ErrorCode.INTERNAL,
                    "the embedding model returned " + embedded.size() + " vectors for " + batch.size() + " texts");
        }
        return embedded;
    }

    /** Removes the chunks and vectors of documents that are gone (rows deleted from their table). */
    void remove(Source source, List<String> documentIds) {
        List<String> removed = new ArrayList<>();
        for (String documentId : documentIds) {
            removed.addAll(chunks.replaceFile(source.id(), documentId, List.of()));
        }
        if (!removed.isEmpty()) {
            vectors.delete(source.collection(), removed);
        }
    }

    /** Best effort: the chunks and vectors a failed document left behind go, so no half document is retrieved. */
    void discard(Source source, PreparedDocument document) {
        try {
            List<String> ids = new ArrayList<>(
                    document.chunks().stream().map(StoredChunk::chunkId).toList());
            ids.addAll(chunks.replaceFile(source.id(), document.documentId(), List.of()));
            if (!ids.isEmpty()) {
                vectors.delete(source.collection(), ids.stream().distinct().toList());
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "cleaning up document {0} failed: {1}", document.documentId(), e);
        }
    }
}
