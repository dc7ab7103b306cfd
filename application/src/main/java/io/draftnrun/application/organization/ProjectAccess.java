package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.ProjectOwnership;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.shared.DomainException;
import java.util.UUID;

/** Resolves a project's organization (NOT_FOUND when absent) and checks the actor's right there. */
final class ProjectAccess {
    private ProjectAccess() {}

    static OrganizationId require(ProjectOwnership projects, Actor actor, UUID projectId, Right right) {
        return require(projects, actor, projectId, right, "project " + projectId);
    }

    /** As {@link #require(ProjectOwnership, Actor, UUID, Right)}, NOT_FOUND naming {@code what} (what was asked for). */
    static OrganizationId require(ProjectOwnership projects, Actor actor, UUID projectId, Right right, String what) {
        if (projectId == null) {
            throw DomainException.validation("a project id is required");
        }
        OrganizationId organization =
                projects.organizationOf(projectId).orElseThrow(() -> DomainException.notFound(what));
        actor.require(organization, right, what);
        if (actor.isApiKey()) {
            throw DomainException.forbidden("API keys cannot manage API keys");
        }
        return organization;
    }
}
