package io.draftnrun.domain.knowledge;

import java.util.Objects;
import java.util.UUID;

/** Identifies an ingestion task. */
public record IngestionTaskId(UUID value) {
    public IngestionTaskId {
        Objects.requireNonNull(value, "ingestion task id");
    }

    public static IngestionTaskId random() {
        return new IngestionTaskId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
