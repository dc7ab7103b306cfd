package io.draftnrun.application.knowledge.port;

import io.draftnrun.application.knowledge.IngestedFile;
import io.draftnrun.application.knowledge.StoredChunk;
import io.draftnrun.domain.knowledge.SourceId;
import java.util.List;
import java.util.Optional;

/**
 * The chunks of every source (ingestion database), keyed by (source, chunk id), so a vector collection can always be
 * rebuilt from them; plus, per file, the content hash of the last ingestion that reached the vector store.
 */
public interface ChunkRepository {
    /**
     * Makes {@code chunks} the chunks of file {@code fileId} of the source: upserts them and deletes the file's other
     * chunks, whose ids are returned (their vectors must go too).
     */
    List<String> replaceFile(SourceId source, String fileId, List<StoredChunk> chunks);

    /** What {@link #markIngested} recorded for the file, if anything. */
    Optional<IngestedFile> ingested(SourceId source, String fileId);

    /** Records that the file with this content hash is fully in the vector store. */
    void markIngested(SourceId source, String fileId, String contentHash, int chunkCount);

    /** Every chunk of the source, by file then chunk index. */
    List<StoredChunk> chunks(SourceId source);

    long count(SourceId source);

    void deleteSource(SourceId source);
}
