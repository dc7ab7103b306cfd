package io.draftnrun.application.knowledge;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The payload of a chunk's vector point (spec 5.6, adapted): {@code chunk_id}, {@code content}, {@code file_id},
 * {@code document_name}, {@code url}, {@code page_numbers}, {@code metadata}. The chunks of a database source also carry
 * their row's id, table, timestamp and metadata columns at the top level (the spec's database payload), so the RAG
 * filters on metadata columns find them.
 */
public final class ChunkPayload {
    public static final String CONTENT = "content";
    public static final String FILE_ID = "file_id";
    public static final String DOCUMENT_NAME = "document_name";
    public static final String URL = "url";
    public static final String PAGE_NUMBERS = "page_numbers";
    public static final String METADATA = "metadata";

    private ChunkPayload() {}

    private static final Set<String> RESERVED =
            Set.of(CONTENT, FILE_ID, DOCUMENT_NAME, URL, PAGE_NUMBERS, METADATA, VectorPoint.CHUNK_ID_FIELD);

    public static VectorPoint point(StoredChunk chunk, float[] vector) {
        return point(chunk, vector, List.of());
    }

    /** The point of a chunk with the metadata entries named by {@code topLevel} copied to the payload's top level. */
    public static VectorPoint point(StoredChunk chunk, float[] vector, Collection<String> topLevel) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put(CONTENT, chunk.content());
        payload.put(FILE_ID, chunk.fileId());
        payload.put(DOCUMENT_NAME, chunk.documentName());
        payload.put(URL, chunk.metadata().get(URL));
        payload.put(PAGE_NUMBERS, chunk.pageNumbers());
        payload.put(METADATA, chunk.metadata());
        for (String field : topLevel) {
            if (!RESERVED.contains(field) && chunk.metadata().containsKey(field)) {
                payload.put(field, chunk.metadata().get(field));
            }
        }
        return new VectorPoint(chunk.chunkId(), vector, payload);
    }
}
