package io.draftnrun.application.project;

import io.draftnrun.application.component.ComponentCatalog;
import io.draftnrun.application.project.port.ProjectRepository;
import io.draftnrun.domain.graph.GraphValidator;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.graph.GraphViolation;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.project.ProjectVersions;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.draftnrun.domain.shared.InvalidInput;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Deploys the project's draft (writer right): the draft becomes the immutable production version, the previous
 * production goes to history, and the project gets a fresh draft, a copy with new ids.
 */
public final class DeployGraph {
    private final ProjectRepository projects;
    private final ComponentCatalog catalog;

    public DeployGraph(ProjectRepository projects, ComponentCatalog catalog) {
        this.projects = projects;
        this.catalog = catalog;
    }

    public record Command(ProjectId project) {}

    /** The outcome: what is production now, the new draft, and what was production before. */
    public record Result(
            ProjectId project,
            GraphVersionId production,
            GraphVersionId draft,
            Optional<GraphVersionId> previousProduction) {}

    public Result handle(Actor actor, Command command) {
        ProjectAccess.load(projects, actor, command.project(), Right.WRITER);
        ProjectVersions versions = projects.versions(command.project());
        GraphVersion draft = projects.graph(versions.draft()).orElseThrow();
        List<GraphViolation> violations = new GraphValidator(catalog).validate(draft);
        if (!violations.isEmpty()) {
            throw new InvalidInput(
                    "the draft cannot be deployed",
                    violations.stream().map(GraphViolation::toViolation).toList());
        }
        GraphVersion newDraft = draft.copyWithNewIds(GraphVersionId.random(), UUID::randomUUID);
        try {
            projects.deploy(command.project(), draft.id(), draft.revision(), newDraft);
        } catch (ProjectRepository.StaleGraph e) {
            throw new DomainException(ErrorCode.CONFLICT, e.getMessage() + "; deploy again");
        }
        return new Result(command.project(), draft.id(), newDraft.id(), versions.production());
    }
}
