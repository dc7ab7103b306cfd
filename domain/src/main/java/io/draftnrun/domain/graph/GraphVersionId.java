package io.draftnrun.domain.graph;

import java.util.Objects;
import java.util.UUID;

/** Identifies a graph version (a set of nodes, relationships and edges; the reference's graph runner). */
public record GraphVersionId(UUID value) {
    public GraphVersionId {
        Objects.requireNonNull(value, "GraphVersionId");
    }

    public static GraphVersionId of(String value) {
        return new GraphVersionId(UUID.fromString(value));
    }

    public static GraphVersionId random() {
        return new GraphVersionId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
