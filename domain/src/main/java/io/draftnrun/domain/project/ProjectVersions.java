package io.draftnrun.domain.project;

import io.draftnrun.domain.graph.GraphVersionId;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The versions bound to a project: exactly one draft, at most one production, and the history (most recently
 * deployed first).
 */
public record ProjectVersions(ProjectId projectId, List<BoundVersion> versions) {
    public ProjectVersions {
        Objects.requireNonNull(projectId, "project id");
        versions = versions.stream()
                .sorted(Comparator.comparing((BoundVersion v) -> v.deployedAt().orElse(v.createdAt()))
                        .reversed())
                .toList();
        long drafts =
                versions.stream().filter(v -> v.binding() == Binding.DRAFT).count();
        long productions =
                versions.stream().filter(v -> v.binding() == Binding.PRODUCTION).count();
        if (drafts != 1 || productions > 1) {
            throw new IllegalStateException("project " + projectId + " must have one draft and at most one production");
        }
    }

    public GraphVersionId draft() {
        return versions.stream()
                .filter(v -> v.binding() == Binding.DRAFT)
                .findFirst()
                .orElseThrow()
                .graphVersionId();
    }

    public Optional<GraphVersionId> production() {
        return versions.stream()
                .filter(v -> v.binding() == Binding.PRODUCTION)
                .map(BoundVersion::graphVersionId)
                .findFirst();
    }

    /** Previously deployed versions, newest first. */
    public List<BoundVersion> history() {
        return versions.stream().filter(v -> v.binding() == Binding.HISTORY).toList();
    }

    public Optional<GraphVersionId> of(Environment environment) {
        return environment == Environment.DRAFT ? Optional.of(draft()) : production();
    }

    public Optional<BoundVersion> find(GraphVersionId id) {
        return versions.stream().filter(v -> v.graphVersionId().equals(id)).findFirst();
    }
}
