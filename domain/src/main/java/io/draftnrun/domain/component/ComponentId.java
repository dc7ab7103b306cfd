package io.draftnrun.domain.component;

import java.util.Objects;
import java.util.UUID;

/** Identifies a component type of the catalog (fixed ids, the reference's seed ids where they exist). */
public record ComponentId(UUID value) {
    public ComponentId {
        Objects.requireNonNull(value, "component id");
    }

    public static ComponentId of(String value) {
        return new ComponentId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
