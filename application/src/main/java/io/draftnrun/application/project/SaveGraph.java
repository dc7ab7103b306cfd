package io.draftnrun.application.project;

import io.draftnrun.application.component.ComponentCatalog;
import io.draftnrun.application.project.port.GraphResources;
import io.draftnrun.application.project.port.ProjectRepository;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.graph.Edge;
import io.draftnrun.domain.graph.GraphReferences;
import io.draftnrun.domain.graph.GraphValidator;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.graph.GraphViolation;
import io.draftnrun.domain.graph.Node;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.graph.Relationship;
import io.draftnrun.domain.llm.ModelCapability;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.project.Project;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.draftnrun.domain.shared.InvalidInput;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Replaces the project's draft graph (writer right). The graph is validated first and refused with every violation
 * when invalid: its shape and types, and its values against what the organization has (components its release stages
 * allow, existing models with the capabilities their parameters need, http(s) URLs, its own secrets and knowledge
 * sources, no null for a required parameter); otherwise it is written in one transaction. A save based on an older
 * revision, or on a draft that has been deployed since, is refused with CONFLICT: the client reloads instead of
 * silently overwriting.
 */
public final class SaveGraph {
    private final ProjectRepository projects;
    private final ComponentCatalog catalog;
    private final GraphResources resources;

    public SaveGraph(ProjectRepository projects, ComponentCatalog catalog, GraphResources resources) {
        this.projects = projects;
        this.catalog = catalog;
        this.resources = resources;
    }

    /**
     * @param graphId the draft the client edited, when it says (a different id means it was deployed meanwhile)
     * @param expectedRevision the revision the client read
     * @param nulled per node, the parameters the client gave as null (left out of the node; refused when required)
     */
    public record Command(
            ProjectId project,
            Optional<GraphVersionId> graphId,
            List<Node> nodes,
            List<Relationship> relationships,
            List<Edge> edges,
            long expectedRevision,
            Map<NodeId, Set<String>> nulled) {
        public Command {
            nulled = nulled == null ? Map.of() : Map.copyOf(nulled);
        }

        public Command(
                ProjectId project,
                Optional<GraphVersionId> graphId,
                List<Node> nodes,
                List<Relationship> relationships,
                List<Edge> edges,
                long expectedRevision) {
            this(project, graphId, nodes, relationships, edges, expectedRevision, Map.of());
        }
    }

    public GraphDetails handle(Actor actor, Command command) {
        Project project = ProjectAccess.load(projects, actor, command.project(), Right.WRITER);
        GraphVersionId draft = projects.versions(command.project()).draft();
        if (command.graphId().isPresent() && !command.graphId().get().equals(draft)) {
            throw new DomainException(
                    ErrorCode.CONFLICT, "graph " + command.graphId().get() + " is no longer the draft; reload it");
        }
        if (command.expectedRevision() < 1) {
            throw DomainException.validation("expectedVersion starts at 1");
        }
        List<Node> nodes = command.nodes().stream()
                .map(n -> catalog.find(n.componentId())
                        .map(d -> n.withComponentName(d.name()))
                        .orElse(n))
                .toList();
        GraphVersion graph =
                new GraphVersion(draft, command.expectedRevision(), nodes, command.relationships(), command.edges());
        List<GraphViolation> violations =
                new GraphValidator(catalog, references(project.organizationId())).validate(graph, command.nulled());
        if (!violations.isEmpty()) {
            throw new InvalidInput(
                    "the graph is invalid",
                    violations.stream().map(GraphViolation::toViolation).toList());
        }
        try {
            GraphVersion saved = projects.saveDraft(command.project(), graph, command.expectedRevision());
            return new GraphDetails(saved, command.project(), io.draftnrun.domain.project.Binding.DRAFT);
        } catch (ProjectRepository.StaleGraph e) {
            throw new DomainException(ErrorCode.CONFLICT, e.getMessage() + "; reload the draft and save again");
        }
    }

    /** What the organization has, read once per save (its secret names on first need). */
    private GraphReferences references(OrganizationId organization) {
        return new GraphReferences() {
            private Set<String> secretNames;

            @Override
            public Optional<String> refusal(ComponentDefinition component) {
                return catalog.refusal(component, organization);
            }

            @Override
            public Optional<Set<ModelCapability>> model(ModelReference model) {
                return resources.modelCapabilities(model);
            }

            @Override
            public boolean secretExists(String name) {
                if (secretNames == null) {
                    secretNames = resources.secretNames(organization);
                }
                return secretNames.contains(name);
            }

            @Override
            public boolean sourceExists(UUID source) {
                return resources.sourceExists(organization, source);
            }
        };
    }
}
