package io.draftnrun.domain.graph;

import java.util.Objects;
import java.util.UUID;

/** Identifies a data edge of a graph version. */
public record EdgeId(UUID value) {
    public EdgeId {
        Objects.requireNonNull(value, "EdgeId");
    }

    public static EdgeId of(String value) {
        return new EdgeId(UUID.fromString(value));
    }

    public static EdgeId random() {
        return new EdgeId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
