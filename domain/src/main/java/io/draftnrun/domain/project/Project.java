package io.draftnrun.domain.project;

import io.draftnrun.domain.organization.OrganizationId;
import java.time.Instant;
import java.util.Objects;

/** A project of an organization: a named workflow whose graph has a draft and production versions. */
public record Project(
        ProjectId id,
        OrganizationId organizationId,
        String name,
        String description,
        Instant createdAt,
        Instant updatedAt) {
    public static final int MAX_NAME_LENGTH = 200;

    public Project {
        Objects.requireNonNull(id, "project id");
        Objects.requireNonNull(organizationId, "organization id");
        Objects.requireNonNull(name, "project name");
        name = name.strip();
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a project name has 1 to " + MAX_NAME_LENGTH + " characters");
        }
        description = description == null ? "" : description;
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public Project renamed(String newName, String newDescription, Instant at) {
        return new Project(id, organizationId, newName, newDescription, createdAt, at);
    }
}
