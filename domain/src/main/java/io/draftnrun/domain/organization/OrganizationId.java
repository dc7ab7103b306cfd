package io.draftnrun.domain.organization;

import java.util.Objects;
import java.util.UUID;

/** Identifies an organization, the unit of ownership of projects, sources, secrets and members. */
public record OrganizationId(UUID value) {
    public OrganizationId {
        Objects.requireNonNull(value, "organization id");
    }

    public static OrganizationId of(String value) {
        return new OrganizationId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
