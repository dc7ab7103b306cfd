package io.draftnrun.domain.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The execution shape of a graph version, for the run engine: start nodes, each node's predecessors ordered by edge
 * order (ties keep the edges' list order), successors, the nodes executed as steps, the leaves whose outputs make
 * the run's output, and the sub-component nodes that are built for their parents but never run as steps.
 * Edges naming unknown nodes are ignored here (the validator reports them).
 */
public final class GraphTopology {
    private final Map<NodeId, Node> nodes = new LinkedHashMap<>();
    private final Map<NodeId, List<Edge>> incoming = new HashMap<>();
    private final Map<NodeId, List<Edge>> outgoing = new HashMap<>();
    private final Set<NodeId> children = new HashSet<>();

    private GraphTopology(GraphVersion graph) {
        graph.nodes().forEach(n -> nodes.putIfAbsent(n.id(), n));
        for (Edge edge : graph.edges()) {
            if (nodes.containsKey(edge.source()) && nodes.containsKey(edge.target())) {
                outgoing.computeIfAbsent(edge.source(), k -> new ArrayList<>()).add(edge);
                incoming.computeIfAbsent(edge.target(), k -> new ArrayList<>()).add(edge);
            }
        }
        incoming.values().forEach(list -> list.sort(Comparator.comparingInt(Edge::order)));
        graph.relationships().forEach(r -> children.add(r.child()));
    }

    public static GraphTopology of(GraphVersion graph) {
        return new GraphTopology(graph);
    }

    public List<NodeId> startNodes() {
        return nodes.values().stream().filter(Node::startNode).map(Node::id).toList();
    }

    /** The sources of the node's incoming edges, ordered by edge order: the order of its inputs. */
    public List<NodeId> predecessors(NodeId node) {
        return incoming.getOrDefault(node, List.of()).stream().map(Edge::source).toList();
    }

    /** The node's incoming edges ordered by edge order. */
    public List<Edge> incomingEdges(NodeId node) {
        return List.copyOf(incoming.getOrDefault(node, List.of()));
    }

    public List<NodeId> successors(NodeId node) {
        return outgoing.getOrDefault(node, List.of()).stream()
                .map(Edge::target)
                .distinct()
                .toList();
    }

    /**
     * Nodes that fill a slot of another and are neither start nodes nor targets of an edge: built as parts of
     * their parents, never executed as steps.
     */
    public Set<NodeId> subComponentNodes() {
        Set<NodeId> result = new LinkedHashSet<>();
        for (Node node : nodes.values()) {
            if (children.contains(node.id()) && !node.startNode() && !incoming.containsKey(node.id())) {
                result.add(node.id());
            }
        }
        return result;
    }

    /**
     * The nodes executed as steps, in a topological order: start nodes first, then every node all of whose
     * predecessors are executed (the reference's Kahn order; nodes on a cycle or fed only by nodes that never run
     * are left out).
     */
    public List<NodeId> executionOrder() {
        Map<NodeId, Integer> pending = new HashMap<>();
        nodes.keySet()
                .forEach(id ->
                        pending.put(id, incoming.getOrDefault(id, List.of()).size()));
        Deque<NodeId> ready = new ArrayDeque<>();
        for (Node node : nodes.values()) {
            if (node.startNode() && pending.get(node.id()) == 0) {
                ready.add(node.id());
            }
        }
        List<NodeId> order = new ArrayList<>();
        Set<NodeId> done = new HashSet<>();
        while (!ready.isEmpty()) {
            NodeId current = ready.poll();
            if (!done.add(current)) {
                continue;
            }
            order.add(current);
            for (Edge edge : outgoing.getOrDefault(current, List.of())) {
                int left = pending.merge(edge.target(), -1, Integer::sum);
                if (left == 0) {
                    ready.add(edge.target());
                }
            }
        }
        return order;
    }

    /** Executed nodes without outgoing edges: their outputs make the run's output, in execution order. */
    public List<NodeId> leaves() {
        return executionOrder().stream()
                .filter(id -> outgoing.getOrDefault(id, List.of()).isEmpty())
                .toList();
    }

    /** The nodes of one cycle among the data edges, or an empty list when the edges are acyclic. */
    public List<NodeId> cycle() {
        Map<NodeId, Integer> state = new HashMap<>(); // 1 = on stack, 2 = done
        for (NodeId start : nodes.keySet()) {
            if (state.containsKey(start)) {
                continue;
            }
            Deque<NodeId> path = new ArrayDeque<>();
            Deque<java.util.Iterator<NodeId>> iterators = new ArrayDeque<>();
            state.put(start, 1);
            path.push(start);
            iterators.push(successors(start).iterator());
            while (!iterators.isEmpty()) {
                java.util.Iterator<NodeId> it = iterators.peek();
                if (it.hasNext()) {
                    NodeId next = it.next();
                    Integer s = state.get(next);
                    if (s == null) {
                        state.put(next, 1);
                        path.push(next);
                        iterators.push(successors(next).iterator());
                    } else if (s == 1) {
                        List<NodeId> cycle = new ArrayList<>();
                        for (NodeId id : (Iterable<NodeId>) path::descendingIterator) {
                            if (!cycle.isEmpty() || id.equals(next)) {
                                cycle.add(id);
                            }
                        }
                        return cycle;
                    }
                } else {
                    iterators.pop();
                    state.put(path.pop(), 2);
                }
            }
        }
        return List.of();
    }
}
