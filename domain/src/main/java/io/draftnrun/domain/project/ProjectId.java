package io.draftnrun.domain.project;

import java.util.Objects;
import java.util.UUID;

/** Identifies a project (client-supplied or generated). */
public record ProjectId(UUID value) {
    public ProjectId {
        Objects.requireNonNull(value, "project id");
    }

    public static ProjectId of(String value) {
        return new ProjectId(UUID.fromString(value));
    }

    public static ProjectId random() {
        return new ProjectId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
