package io.draftnrun.domain.organization;

import io.draftnrun.domain.shared.DomainException;
import java.time.Instant;
import java.util.Objects;

/** An organization: owns projects, sources, secrets and members. The name is 1 to 200 visible characters. */
public record Organization(OrganizationId id, String name, Instant createdAt) {
    public static final int MAX_NAME = 200;

    public Organization {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        name = validName(name);
    }

    public static String validName(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME) {
            throw DomainException.validation("an organization name has 1 to " + MAX_NAME + " characters");
        }
        return trimmed;
    }
}
