package io.draftnrun.domain.graph;

import static io.draftnrun.domain.graph.TestGraphs.AGENT;
import static io.draftnrun.domain.graph.TestGraphs.INPUT;
import static io.draftnrun.domain.graph.TestGraphs.TOOL;
import static io.draftnrun.domain.graph.TestGraphs.edge;
import static io.draftnrun.domain.graph.TestGraphs.graph;
import static io.draftnrun.domain.graph.TestGraphs.node;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GraphTopologyTest {
    //  1(start) -> 2 -> 4 ; 1 -> 3 -> 4 (edge 3->4 has order 0, 2->4 order 1); 4 -> 5, 4 -> 6 ; tool 7 under 2
    private final GraphVersion graph = graph(
            List.of(
                    node("1", INPUT, true, Map.of()),
                    node("2", AGENT, false, Map.of()),
                    node("3", AGENT, false, Map.of()),
                    node("4", AGENT, false, Map.of()),
                    node("5", AGENT, false, Map.of()),
                    node("6", AGENT, false, Map.of()),
                    node("7", TOOL, false, Map.of()),
                    node("8", AGENT, false, Map.of())),
            List.of(new Relationship(node("2"), node("7"), "agent_tools", Optional.empty())),
            List.of(
                    edge("1", "1", "2", 0),
                    edge("2", "1", "3", 0),
                    edge("3", "2", "4", 1),
                    edge("4", "3", "4", 0),
                    edge("5", "4", "5", 0),
                    edge("6", "4", "6", 0),
                    edge("7", "8", "6", 1)));

    private final GraphTopology topology = GraphTopology.of(graph);

    @Test
    void findsStartNodes() {
        assertThat(topology.startNodes()).containsExactly(node("1"));
    }

    @Test
    void ordersPredecessorsByEdgeOrder() {
        assertThat(topology.predecessors(node("4"))).containsExactly(node("3"), node("2"));
    }

    @Test
    void subComponentsAreNotSteps() {
        assertThat(topology.subComponentNodes()).containsExactly(node("7"));
        assertThat(topology.executionOrder()).doesNotContain(node("7"));
    }

    @Test
    void nodesFedByANodeThatNeverRunsAreNotExecuted() {
        // 8 has no input and is not a start node, so 6 (which waits for 8) never runs: only 5 is a leaf
        assertThat(topology.executionOrder()).containsExactly(node("1"), node("2"), node("3"), node("4"), node("5"));
        assertThat(topology.leaves()).containsExactly(node("5"));
    }

    @Test
    void detectsNoCycleInADag() {
        assertThat(topology.cycle()).isEmpty();
    }

    @Test
    void copyWithNewIdsKeepsTheShape() {
        GraphVersion copy = graph.copyWithNewIds(GraphVersionId.random(), UUID::randomUUID);
        assertThat(copy.nodes()).hasSameSizeAs(graph.nodes());
        assertThat(copy.nodes())
                .extracting(Node::id)
                .doesNotContainAnyElementsOf(
                        graph.nodes().stream().map(Node::id).toList());
        GraphTopology copied = GraphTopology.of(copy);
        assertThat(copied.leaves()).hasSize(1);
        NodeId newFour = copy.nodes().get(3).id();
        assertThat(copied.predecessors(newFour))
                .containsExactly(copy.nodes().get(2).id(), copy.nodes().get(1).id());
        assertThat(copy.relationships().getFirst().child())
                .isEqualTo(copy.nodes().get(6).id());
    }
}
