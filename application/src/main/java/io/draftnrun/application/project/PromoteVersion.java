package io.draftnrun.application.project;

import io.draftnrun.application.project.port.ProjectRepository;
import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.project.BoundVersion;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;

/**
 * Rolls production back to a previously deployed version (writer right); the current production goes to history.
 * The draft is untouched. Promoting the current production changes nothing.
 */
public final class PromoteVersion {
    private final ProjectRepository projects;

    public PromoteVersion(ProjectRepository projects) {
        this.projects = projects;
    }

    public record Command(GraphVersionId version) {}

    public ProjectDetails handle(Actor actor, Command command) {
        ProjectId projectId = projects.projectOf(command.version())
                .orElseThrow(() -> DomainException.notFound("graph " + command.version()));
        var project =
                projects.find(projectId).orElseThrow(() -> DomainException.notFound("graph " + command.version()));
        actor.require(project.organizationId(), Right.WRITER, "graph " + command.version());
        BoundVersion bound =
                projects.versions(projectId).find(command.version()).orElseThrow();
        switch (bound.binding()) {
            case DRAFT ->
                throw new DomainException(
                        ErrorCode.FAILED_PRECONDITION, "the draft is deployed with deployGraph, not promoted");
            case PRODUCTION -> {
                // already production
            }
            case HISTORY -> {
                try {
                    projects.promote(projectId, command.version());
                } catch (ProjectRepository.StaleGraph e) {
                    throw new DomainException(ErrorCode.CONFLICT, e.getMessage());
                }
            }
        }
        return new ProjectDetails(project, projects.versions(projectId));
    }
}
