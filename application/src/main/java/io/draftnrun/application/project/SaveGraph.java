package io.draftnrun.application.project;

import io.draftnrun.application.component.ComponentCatalog;
import io.draftnrun.application.project.port.ProjectRepository;
import io.draftnrun.domain.graph.Edge;
import io.draftnrun.domain.graph.GraphValidator;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.graph.GraphViolation;
import io.draftnrun.domain.graph.Node;
import io.draftnrun.domain.graph.Relationship;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.draftnrun.domain.shared.InvalidInput;
import java.util.List;
import java.util.Optional;

/**
 * Replaces the project's draft graph (writer right). The graph is validated first and refused with every violation
 * when invalid; otherwise it is written in one transaction. A save based on an older revision, or on a draft that
 * has been deployed since, is refused with CONFLICT: the client reloads instead of silently overwriting.
 */
public final class SaveGraph {
    private final ProjectRepository projects;
    private final ComponentCatalog catalog;

    public SaveGraph(ProjectRepository projects, ComponentCatalog catalog) {
        this.projects = projects;
        this.catalog = catalog;
    }

    /**
     * @param graphId the draft the client edited, when it says (a different id means it was deployed meanwhile)
     * @param expectedRevision the revision the client read
     */
    public record Command(
            ProjectId project,
            Optional<GraphVersionId> graphId,
            List<Node> nodes,
            List<Relationship> relationships,
            List<Edge> edges,
            long expectedRevision) {}

    public GraphDetails handle(Actor actor, Command command) {
        ProjectAccess.load(projects, actor, command.project(), Right.WRITER);
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
        List<GraphViolation> violations = new GraphValidator(catalog).validate(graph);
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
}
