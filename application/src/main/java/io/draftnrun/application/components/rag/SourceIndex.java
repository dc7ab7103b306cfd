package io.draftnrun.application.components.rag;

import io.draftnrun.application.knowledge.ChunkPayload;
import io.draftnrun.domain.llm.ModelReference;
import java.util.List;
import java.util.Objects;

/**
 * Where a knowledge source's chunks are searched: its vector collection, the embedding model that embedded them (the
 * query must be embedded the same way), the vector size, and the payload fields holding each chunk's parts.
 */
public record SourceIndex(String collection, ModelReference embeddingModel, int dimensions, PayloadFields fields) {
    public SourceIndex {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(embeddingModel, "embeddingModel");
        fields = fields == null ? PayloadFields.FOLDER : fields;
    }

    /**
     * The reference's {@code qdrant_schema}: chunk id, content, file id, url fields, and the metadata fields kept (a
     * map or a JSON object text is flattened into the chunk's metadata).
     */
    public record PayloadFields(
            String chunkId, String content, String fileId, String url, List<String> metadataFields) {
        /** Folder sources: chunk_id, content, file_id, url, metadata. */
        public static final PayloadFields FOLDER =
                new PayloadFields("chunk_id", "content", "file_id", "url", List.of("metadata"));

        /**
         * Chunks written by our own ingestion ({@link ChunkPayload}): unlike the reference, whose {@code file_id} is
         * the file name, {@code file_id} here is an opaque id, so the document is named by {@code document_name};
         * {@code page_numbers} is kept in the metadata so a citation can name its page.
         */
        public static final PayloadFields INGESTED = new PayloadFields(
                "chunk_id",
                ChunkPayload.CONTENT,
                ChunkPayload.DOCUMENT_NAME,
                ChunkPayload.URL,
                List.of(ChunkPayload.METADATA, ChunkPayload.PAGE_NUMBERS));

        public PayloadFields {
            Objects.requireNonNull(chunkId, "chunkId");
            Objects.requireNonNull(content, "content");
            metadataFields = metadataFields == null ? List.of() : List.copyOf(metadataFields);
        }
    }
}
