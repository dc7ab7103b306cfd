package io.draftnrun.application.project;

import io.draftnrun.application.project.port.ProjectRepository;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.graph.Node;
import io.draftnrun.domain.graph.ParameterValue;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.project.BoundVersion;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.Project;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.project.ProjectVersions;
import io.draftnrun.domain.run.InputBlock;
import io.draftnrun.domain.run.Json;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads of projects, their graph versions and the templates; each needs the reader right. */
public final class ProjectQueries {
    public static final int MAX_PAGE_SIZE = 100;

    private final ProjectRepository projects;
    private final TemplateSettings templates;

    public ProjectQueries(ProjectRepository projects, TemplateSettings templates) {
        this.projects = projects;
        this.templates = templates;
    }

    public ProjectPage projects(
            Actor actor, OrganizationId organization, Optional<String> search, int first, Optional<String> after) {
        actor.require(organization, Right.READER);
        if (first < 1 || first > MAX_PAGE_SIZE) {
            throw DomainException.validation("first must be between 1 and " + MAX_PAGE_SIZE);
        }
        return projects.list(organization, search.filter(s -> !s.isBlank()), first, after);
    }

    public ProjectDetails project(Actor actor, ProjectId id) {
        Project project = ProjectAccess.load(projects, actor, id, Right.READER);
        return new ProjectDetails(project, projects.versions(id));
    }

    /**
     * The project a project API key runs, with its versions: what the protocol endpoints (OpenAI models, MCP tool)
     * tell the key's holder about it. NOT_FOUND once the project is gone; FORBIDDEN for an actor that is not a key.
     */
    public ProjectDetails keyProject(Actor actor) {
        ProjectId id = new ProjectId(
                actor.apiKeyProjectId().orElseThrow(() -> DomainException.forbidden("this needs a project API key")));
        Project project = ProjectAccess.load(projects, actor, id, Right.USER);
        return new ProjectDetails(project, projects.versions(id));
    }

    /** The key's project as a tool: the project and the payload schema of its Input block on an environment. */
    public record KeyProjectTool(Project project, Map<String, Object> payloadSchema) {
        public KeyProjectTool {
            payloadSchema = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(payloadSchema));
        }
    }

    /**
     * The key's project as run on {@code environment}: the keys (with their defaults) that its Input block takes
     * (spec 3.1: {@code payload_schema}). FAILED_PRECONDITION when that environment has no version.
     */
    public KeyProjectTool keyProjectTool(Actor actor, Environment environment) {
        ProjectDetails details = keyProject(actor);
        GraphVersion graph = details.versions()
                .of(environment)
                .flatMap(projects::graph)
                .orElseThrow(() -> new DomainException(
                        ErrorCode.FAILED_PRECONDITION,
                        "the project has no " + environment.wireName() + " version to run"));
        Map<String, Object> schema = new LinkedHashMap<>();
        for (Node node : graph.nodes()) {
            if (node.startNode() && InputBlock.COMPONENT_NAME.equals(node.componentName())) {
                Object value = node.parameter(InputBlock.PAYLOAD_SCHEMA)
                        .filter(v -> v instanceof ParameterValue.Literal)
                        .map(v -> ((ParameterValue.Literal) v).json())
                        .orElse(null);
                if (value instanceof String text && !text.isBlank()) {
                    try {
                        value = Json.parse(text);
                    } catch (DomainException e) {
                        value = null;
                    }
                }
                if (value instanceof Map<?, ?> map) {
                    map.forEach((k, v) -> schema.putIfAbsent(String.valueOf(k), v));
                }
            }
        }
        return new KeyProjectTool(details.project(), schema);
    }

    public GraphDetails graph(Actor actor, GraphVersionId id) {
        ProjectId projectId = projects.projectOf(id).orElseThrow(() -> DomainException.notFound("graph " + id));
        Project project = projects.find(projectId).orElseThrow(() -> DomainException.notFound("graph " + id));
        // an outsider is told about the graph it asked for, never about the project it belongs to
        actor.require(project.organizationId(), Right.READER, "graph " + id);
        GraphVersion graph = projects.graph(id).orElseThrow(() -> DomainException.notFound("graph " + id));
        BoundVersion bound = projects.versions(projectId).find(id).orElseThrow();
        return new GraphDetails(graph, projectId, bound.binding());
    }

    /**
     * Versions of one project with their graphs, read in one batch (a project's draft, production and history listed
     * together): the project and its bindings once, the graphs in one repository call. Versions that are not the
     * project's are absent from the result.
     */
    public Map<GraphVersionId, GraphDetails> graphs(Actor actor, ProjectId projectId, Collection<GraphVersionId> ids) {
        ProjectAccess.load(projects, actor, projectId, Right.READER);
        ProjectVersions versions = projects.versions(projectId);
        List<GraphVersionId> bound = ids.stream()
                .distinct()
                .filter(id -> versions.find(id).isPresent())
                .toList();
        Map<GraphVersionId, GraphDetails> details = new LinkedHashMap<>();
        if (bound.isEmpty()) {
            return details;
        }
        projects.graphs(bound)
                .forEach((id, graph) -> details.put(
                        id,
                        new GraphDetails(
                                graph,
                                projectId,
                                versions.find(id).orElseThrow().binding())));
        return details;
    }

    /** Deployed projects of the template organization; any signed-in user may list them. */
    public List<Template> templates(Actor actor) {
        return projects.withProduction(templates.templateOrganization()).stream()
                .map(p -> new Template(p, projects.versions(p.id()).production().orElseThrow()))
                .toList();
    }
}
