package io.draftnrun.application.knowledge;

import io.draftnrun.domain.shared.DomainException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One embedded chunk to store: its chunk id, its vector (any length, it is normalised by the store) and its payload.
 * The payload is copied into the canonical form of {@link Payloads} (integers as {@code Long}, decimals as
 * {@code Double}, immutable lists and maps) so every store returns exactly what it was given.
 */
public record VectorPoint(String chunkId, float[] vector, Map<String, Object> payload) {

    /** The payload field where stores keep the chunk id (the reference's {@code chunk_id_field} for folders). */
    public static final String CHUNK_ID_FIELD = "chunk_id";

    public VectorPoint {
        if (chunkId == null || chunkId.isBlank()) {
            throw DomainException.validation("a vector point needs a chunk id");
        }
        Objects.requireNonNull(vector, "vector");
        if (vector.length == 0) {
            throw DomainException.validation("chunk " + chunkId + " has an empty vector");
        }
        vector = vector.clone();
        payload = Payloads.canonical(payload == null ? Map.of() : payload);
        Object declared = payload.get(CHUNK_ID_FIELD);
        if (declared != null && !chunkId.equals(declared)) {
            throw DomainException.validation(
                    "chunk " + chunkId + " has a different " + CHUNK_ID_FIELD + " in its payload: " + declared);
        }
    }

    /** The payload as stores keep it: the given payload plus {@link #CHUNK_ID_FIELD}. */
    public Map<String, Object> storedPayload() {
        return Payloads.with(payload, CHUNK_ID_FIELD, chunkId);
    }

    @Override
    public float[] vector() {
        return vector.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VectorPoint p
                && chunkId.equals(p.chunkId)
                && Arrays.equals(vector, p.vector)
                && payload.equals(p.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(chunkId, Arrays.hashCode(vector), payload);
    }

    @Override
    public String toString() {
        return "VectorPoint[chunkId=" + chunkId + ", dimensions=" + vector.length + ", payload=" + payload + "]";
    }
}
