package io.draftnrun.application.knowledge.port;

import io.draftnrun.application.knowledge.ChunkPage;
import io.draftnrun.application.knowledge.DocumentPage;
import io.draftnrun.application.knowledge.IngestedFile;
import io.draftnrun.application.knowledge.StoredChunk;
import io.draftnrun.domain.knowledge.IngestionTaskId;
import io.draftnrun.domain.knowledge.SourceId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chunks of every source (ingestion database), keyed by (source, chunk id), so a vector collection can always be
 * rebuilt from them; plus, per file, the content hash of the last ingestion that reached the vector store. The rows of a
 * database source are its "files": one file id per row.
 */
public interface ChunkRepository {
    /**
     * Makes {@code chunks} the chunks of file {@code fileId} of the source: upserts them and deletes the file's other
     * chunks, whose ids are returned (their vectors must go too). The file's ingestion record is dropped (it no longer
     * describes the file until {@link #markIngested} is called again).
     */
    List<String> replaceFile(SourceId source, String fileId, List<StoredChunk> chunks);

    /** What {@link #markIngested} recorded for the file, if anything. */
    Optional<IngestedFile> ingested(SourceId source, String fileId);

    /** Records that the file with this content hash is fully in the vector store. */
    void markIngested(SourceId source, String fileId, String contentHash, int chunkCount);

    /** What {@link #markIngested} recorded for each of these files; files with no record are absent from the map. */
    Map<String, IngestedFile> ingested(SourceId source, Collection<String> fileIds);

    /** Records that ingestion task {@code task} found these files (rows) in the source; see {@link #filesNotSeen}. */
    void markSeen(SourceId source, Collection<String> fileIds, IngestionTaskId task);

    /**
     * Up to {@code limit} files of the source (with chunks or an ingestion record) that {@code task} has not marked
     * seen: the rows deleted from a database source's table since its last sync.
     */
    List<String> filesNotSeen(SourceId source, IngestionTaskId task, int limit);

    /**
     * Up to {@code first} documents of the source that have chunks, by name then id, after the document whose cursor
     * is {@code after} (a cursor of an earlier page; VALIDATION when malformed).
     */
    DocumentPage documents(SourceId source, int first, Optional<String> after);

    /** The source a document (file or row) with chunks belongs to. */
    Optional<SourceId> sourceOfDocument(String documentId);

    /** Up to {@code first} chunks of a document, by index, after the chunk whose cursor is {@code after}. */
    ChunkPage chunks(SourceId source, String documentId, int first, Optional<String> after);

    /** Every chunk of the source, by file then chunk index. */
    List<StoredChunk> chunks(SourceId source);

    long count(SourceId source);

    void deleteSource(SourceId source);
}
