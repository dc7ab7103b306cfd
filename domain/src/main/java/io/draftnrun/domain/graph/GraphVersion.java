package io.draftnrun.domain.graph;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A version of a project's graph: its nodes, sub-component relationships and ordered data edges. Immutable; a save
 * replaces the whole content and increments {@code revision}, which clients send back to detect concurrent edits.
 * Structural soundness (known components, no dangling edges, no cycles...) is checked by {@link GraphValidator}, not
 * here, so that every violation can be reported at once.
 *
 * @param revision optimistic-concurrency counter of the content, starting at 1
 */
public record GraphVersion(
        GraphVersionId id, long revision, List<Node> nodes, List<Relationship> relationships, List<Edge> edges) {

    public GraphVersion {
        Objects.requireNonNull(id, "graph version id");
        if (revision < 1) {
            throw new IllegalArgumentException("revision starts at 1");
        }
        nodes = List.copyOf(nodes);
        relationships = List.copyOf(relationships);
        edges = List.copyOf(edges);
    }

    public Optional<Node> node(NodeId nodeId) {
        return nodes.stream().filter(n -> n.id().equals(nodeId)).findFirst();
    }

    /** The same content under a new revision (what a save stores). */
    public GraphVersion withRevision(long newRevision) {
        return new GraphVersion(id, newRevision, nodes, relationships, edges);
    }

    /**
     * A deep copy with a new version id and fresh node and edge ids (node ids are globally unique, so a deployed
     * version and the new draft never share nodes). Revision restarts at 1.
     */
    public GraphVersion copyWithNewIds(GraphVersionId newId, Supplier<UUID> ids) {
        Map<NodeId, NodeId> mapping = new HashMap<>();
        for (Node node : nodes) {
            mapping.put(node.id(), new NodeId(ids.get()));
        }
        List<Node> newNodes =
                nodes.stream().map(n -> n.withId(mapping.get(n.id()))).toList();
        List<Relationship> newRelationships = relationships.stream()
                .map(r -> new Relationship(
                        mapping.getOrDefault(r.parent(), r.parent()),
                        mapping.getOrDefault(r.child(), r.child()),
                        r.slot(),
                        r.order()))
                .toList();
        List<Edge> newEdges = edges.stream()
                .map(e -> new Edge(
                        new EdgeId(ids.get()),
                        mapping.getOrDefault(e.source(), e.source()),
                        mapping.getOrDefault(e.target(), e.target()),
                        e.order()))
                .toList();
        return new GraphVersion(newId, 1, newNodes, newRelationships, newEdges);
    }
}
