package io.draftnrun.application.project;

import io.draftnrun.application.components.io.InputComponent;
import io.draftnrun.application.project.port.OrganizationDirectory;
import io.draftnrun.application.project.port.ProjectRepository;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.graph.Node;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.graph.ParameterValue;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.project.Project;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.shared.DomainException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates a project in an existing organization (writer right). Its first draft holds one Input start node, or, from a
 * template, a copy (new ids) of the template's production graph.
 */
public final class CreateProject {
    private final ProjectRepository projects;
    private final OrganizationDirectory organizations;
    private final TemplateSettings templates;
    private final Clock clock;

    public CreateProject(
            ProjectRepository projects, OrganizationDirectory organizations, TemplateSettings templates, Clock clock) {
        this.projects = projects;
        this.organizations = organizations;
        this.templates = templates;
        this.clock = clock;
    }

    /** A project's id is made here, never by the client: an id taken in another organization reveals nothing. */
    public record Command(
            OrganizationId organization, String name, String description, Optional<ProjectId> fromTemplate) {}

    public ProjectDetails handle(Actor actor, Command command) {
        actor.require(command.organization(), Right.WRITER);
        if (actor.roleIn(command.organization()).isEmpty() && !organizations.exists(command.organization())) {
            // a platform admin reaches any organization, including one that does not exist: members imply it does
            throw DomainException.notFound("organization " + command.organization());
        }
        ProjectId id = ProjectId.random();
        Instant now = clock.instant();
        Project project;
        try {
            project = new Project(id, command.organization(), command.name(), command.description(), now, now);
        } catch (IllegalArgumentException e) {
            throw DomainException.validation(e.getMessage());
        }
        GraphVersionId draftId = GraphVersionId.random();
        GraphVersion draft = command.fromTemplate()
                .map(template -> templateGraph(template).copyWithNewIds(draftId, UUID::randomUUID))
                .orElseGet(() -> initialGraph(draftId));
        projects.create(project, draft);
        return new ProjectDetails(project, projects.versions(id));
    }

    private GraphVersion templateGraph(ProjectId templateId) {
        Project template = projects.find(templateId)
                .filter(p -> p.organizationId().equals(templates.templateOrganization()))
                .orElseThrow(() -> DomainException.notFound("template " + templateId));
        GraphVersionId production = projects.versions(template.id())
                .production()
                .orElseThrow(() -> DomainException.notFound("template " + templateId));
        return projects.graph(production).orElseThrow(() -> DomainException.notFound("template " + templateId));
    }

    /** One Input node, start node, with the default payload schema stored as a plain value (no list order). */
    static GraphVersion initialGraph(GraphVersionId id) {
        Node input = new Node(
                NodeId.random(),
                InputComponent.ID,
                InputComponent.NAME,
                InputComponent.NAME,
                "",
                true,
                Map.of(InputComponent.PAYLOAD_SCHEMA, ParameterValue.literal(InputComponent.DEFAULT_PAYLOAD_SCHEMA)),
                Optional.empty());
        return new GraphVersion(id, 1, List.of(input), List.of(), List.of());
    }
}
