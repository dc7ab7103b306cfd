package io.draftnrun.application.project;

import io.draftnrun.application.project.port.ProjectRepository;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.project.ProjectId;

/** Deletes a project with all its graph versions (admin right). */
public final class DeleteProject {
    private final ProjectRepository projects;

    public DeleteProject(ProjectRepository projects) {
        this.projects = projects;
    }

    public record Command(ProjectId id) {}

    public ProjectId handle(Actor actor, Command command) {
        ProjectAccess.load(projects, actor, command.id(), Right.ADMIN);
        projects.delete(command.id());
        return command.id();
    }
}
