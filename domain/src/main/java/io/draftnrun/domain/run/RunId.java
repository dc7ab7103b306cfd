package io.draftnrun.domain.run;

import java.util.Objects;
import java.util.UUID;

/** Identifies a run of a project's graph. */
public record RunId(UUID value) {
    public RunId {
        Objects.requireNonNull(value, "run id");
    }

    public static RunId random() {
        return new RunId(UUID.randomUUID());
    }

    public static RunId of(String value) {
        return new RunId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
