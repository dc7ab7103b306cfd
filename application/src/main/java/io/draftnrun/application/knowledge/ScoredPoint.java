package io.draftnrun.application.knowledge;

import java.util.Map;
import java.util.Objects;

/** A search hit: the chunk id, its cosine similarity to the query in [-1, 1], and its stored payload. */
public record ScoredPoint(String chunkId, double score, Map<String, Object> payload) {
    public ScoredPoint {
        Objects.requireNonNull(chunkId, "chunkId");
        payload = Payloads.canonical(payload == null ? Map.of() : payload);
    }
}
