package io.draftnrun.domain.organization;

import java.util.Objects;
import java.util.UUID;

/** Identifies a user: a Supabase {@code sub} or a local account id. */
public record UserId(UUID value) {
    public UserId {
        Objects.requireNonNull(value, "user id");
    }

    public static UserId of(String value) {
        return new UserId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
