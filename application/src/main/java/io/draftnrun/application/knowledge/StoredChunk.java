package io.draftnrun.application.knowledge;

import io.draftnrun.domain.knowledge.SourceId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A chunk as the ingestion database keeps it: enough to rebuild its vector point (content, file, document name, pages,
 * metadata) and the SHA-256 of its content.
 */
public record StoredChunk(
        SourceId sourceId,
        String chunkId,
        String fileId,
        int index,
        String documentName,
        List<Integer> pageNumbers,
        String content,
        Map<String, Object> metadata,
        String contentHash) {
    public StoredChunk {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(chunkId, "chunkId");
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(documentName, "documentName");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(contentHash, "contentHash");
        pageNumbers = List.copyOf(pageNumbers);
        metadata = Payloads.canonical(metadata == null ? Map.of() : metadata);
    }
}
