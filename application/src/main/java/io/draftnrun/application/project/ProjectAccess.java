package io.draftnrun.application.project;

import io.draftnrun.application.project.port.ProjectRepository;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.project.Project;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.shared.DomainException;

/**
 * Loads a project for an actor. Someone who is not a member of the project's organization gets NOT_FOUND, exactly as
 * for a project that does not exist, so ids of other organizations reveal nothing; a member without the needed
 * right gets FORBIDDEN.
 */
final class ProjectAccess {
    private ProjectAccess() {}

    static Project load(ProjectRepository projects, Actor actor, ProjectId id, Right right) {
        Project project = projects.find(id).orElseThrow(() -> DomainException.notFound("project " + id));
        actor.require(project.organizationId(), right, "project " + id);
        return project;
    }
}
