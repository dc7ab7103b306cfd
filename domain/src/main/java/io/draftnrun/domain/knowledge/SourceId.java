package io.draftnrun.domain.knowledge;

import java.util.Objects;
import java.util.UUID;

/** Identifies a knowledge source. */
public record SourceId(UUID value) {
    public SourceId {
        Objects.requireNonNull(value, "source id");
    }

    public static SourceId random() {
        return new SourceId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
