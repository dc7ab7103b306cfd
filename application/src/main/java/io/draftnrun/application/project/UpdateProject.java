package io.draftnrun.application.project;

import io.draftnrun.application.project.port.ProjectRepository;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.project.Project;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.shared.DomainException;
import java.time.Clock;
import java.util.Optional;

/** Renames a project or changes its description (writer right); returns the project as stored. */
public final class UpdateProject {
    private final ProjectRepository projects;
    private final Clock clock;

    public UpdateProject(ProjectRepository projects, Clock clock) {
        this.projects = projects;
        this.clock = clock;
    }

    /** Empty fields are left unchanged. */
    public record Command(ProjectId id, Optional<String> name, Optional<String> description) {}

    public Project handle(Actor actor, Command command) {
        Project project = ProjectAccess.load(projects, actor, command.id(), Right.WRITER);
        Project updated;
        try {
            updated = project.renamed(
                    command.name().orElse(project.name()),
                    command.description().orElse(project.description()),
                    clock.instant());
        } catch (IllegalArgumentException e) {
            throw DomainException.validation(e.getMessage());
        }
        projects.update(updated);
        return projects.find(command.id()).orElseThrow();
    }
}
