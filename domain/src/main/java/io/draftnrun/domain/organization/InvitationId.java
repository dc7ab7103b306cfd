package io.draftnrun.domain.organization;

import java.util.Objects;
import java.util.UUID;

/** Identifies an invitation (not its token, which is shown once and stored only hashed). */
public record InvitationId(UUID value) {
    public InvitationId {
        Objects.requireNonNull(value, "invitation id");
    }

    public static InvitationId random() {
        return new InvitationId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
