package io.draftnrun.application.knowledge;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The payload of a chunk's vector point (spec 5.6, adapted): {@code chunk_id}, {@code content}, {@code file_id},
 * {@code document_name}, {@code url}, {@code page_numbers}, {@code metadata}.
 */
public final class ChunkPayload {
    public static final String CONTENT = "content";
    public static final String FILE_ID = "file_id";
    public static final String DOCUMENT_NAME = "document_name";
    public static final String URL = "url";
    public static final String PAGE_NUMBERS = "page_numbers";
    public static final String METADATA = "metadata";

    private ChunkPayload() {}

    public static VectorPoint point(StoredChunk chunk, float[] vector) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put(CONTENT, chunk.content());
        payload.put(FILE_ID, chunk.fileId());
        payload.put(DOCUMENT_NAME, chunk.documentName());
        payload.put(URL, chunk.metadata().get(URL));
        payload.put(PAGE_NUMBERS, chunk.pageNumbers());
        payload.put(METADATA, chunk.metadata());
        return new VectorPoint(chunk.chunkId(), vector, payload);
    }
}
