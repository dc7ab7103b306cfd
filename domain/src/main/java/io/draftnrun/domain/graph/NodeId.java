package io.draftnrun.domain.graph;

import java.util.Objects;
import java.util.UUID;

/** Identifies a node of a graph version, which is also the id of its component instance (unique across all graphs). */
public record NodeId(UUID value) {
    public NodeId {
        Objects.requireNonNull(value, "NodeId");
    }

    public static NodeId of(String value) {
        return new NodeId(UUID.fromString(value));
    }

    public static NodeId random() {
        return new NodeId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
