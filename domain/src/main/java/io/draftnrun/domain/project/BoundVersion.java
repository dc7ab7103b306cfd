package io.draftnrun.domain.project;

import io.draftnrun.domain.graph.GraphVersionId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A graph version as bound to its project.
 *
 * @param deployedAt when it was deployed (production and history), empty for the draft
 */
public record BoundVersion(
        GraphVersionId graphVersionId, Binding binding, Instant createdAt, Optional<Instant> deployedAt) {
    public BoundVersion {
        Objects.requireNonNull(graphVersionId, "graph version id");
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(createdAt, "createdAt");
        deployedAt = deployedAt == null ? Optional.empty() : deployedAt;
    }
}
