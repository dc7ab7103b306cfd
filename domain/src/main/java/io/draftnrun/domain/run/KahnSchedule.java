package io.draftnrun.domain.run;

import io.draftnrun.domain.graph.Edge;
import io.draftnrun.domain.graph.GraphTopology;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.graph.Node;
import io.draftnrun.domain.graph.NodeId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pure scheduling state of one run (spec 2.2, made parallel): each executed node waits for its in-degree of
 * completed predecessors; start nodes are ready at once; completing a node returns the successors that became ready.
 * Every ready node may be started immediately and concurrently. Sub-component nodes are never scheduled; nodes on a
 * cycle or fed by nodes that never run never become ready. Not thread-safe: the runner guards it with one lock.
 */
public final class KahnSchedule {
    private final List<NodeId> order;
    private final Map<NodeId, List<Edge>> outgoing = new HashMap<>();
    private final Map<NodeId, Integer> pending = new HashMap<>();
    private final Set<NodeId> started = new LinkedHashSet<>();
    private final Set<NodeId> completed = new LinkedHashSet<>();
    private final List<NodeId> initiallyReady = new ArrayList<>();

    public KahnSchedule(GraphVersion graph) {
        GraphTopology topology = GraphTopology.of(graph);
        this.order = graph.nodes().stream().map(Node::id).distinct().toList();
        Set<NodeId> subComponents = topology.subComponentNodes();
        for (NodeId node : order) {
            if (subComponents.contains(node)) {
                continue;
            }
            List<Edge> in = topology.incomingEdges(node);
            pending.put(node, in.size());
            in.forEach(e ->
                    outgoing.computeIfAbsent(e.source(), k -> new ArrayList<>()).add(e));
        }
        for (NodeId start : topology.startNodes()) {
            if (pending.getOrDefault(start, -1) == 0) {
                initiallyReady.add(start);
            }
        }
    }

    /** The nodes to start first: start nodes without incoming edges, in graph order. */
    public List<NodeId> start() {
        List<NodeId> ready = new ArrayList<>();
        for (NodeId node : initiallyReady) {
            if (started.add(node)) {
                ready.add(node);
            }
        }
        return ready;
    }

    /** Records that {@code node} finished; returns the successors now ready to start (in edge order). */
    public List<NodeId> complete(NodeId node) {
        if (!started.contains(node) || !completed.add(node)) {
            throw new IllegalStateException("node " + node + " was not running");
        }
        List<NodeId> ready = new ArrayList<>();
        for (var edge : outgoing.getOrDefault(node, List.of())) {
            Integer left = pending.computeIfPresent(edge.target(), (k, v) -> v - 1);
            if (left != null && left == 0 && started.add(edge.target())) {
                ready.add(edge.target());
            }
        }
        return ready;
    }

    /** Nodes started and not yet completed. */
    public int running() {
        return started.size() - completed.size();
    }

    /** Nothing runs and nothing can start: the run is over. */
    public boolean finished() {
        return running() == 0;
    }

    public Set<NodeId> completed() {
        return Set.copyOf(completed);
    }

    /** Completed nodes without outgoing edges, in graph order: their outputs make the run's output. */
    public List<NodeId> completedLeaves() {
        return order.stream()
                .filter(completed::contains)
                .filter(id -> !outgoing.containsKey(id))
                .toList();
    }
}
