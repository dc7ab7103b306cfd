package io.draftnrun.domain.organization;

import java.util.Objects;
import java.util.UUID;

/** Identifies a project API key (not the key itself, which is shown once and stored only hashed). */
public record ApiKeyId(UUID value) {
    public ApiKeyId {
        Objects.requireNonNull(value, "api key id");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
