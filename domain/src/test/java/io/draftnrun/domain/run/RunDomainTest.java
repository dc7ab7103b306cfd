package io.draftnrun.domain.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.graph.Edge;
import io.draftnrun.domain.graph.EdgeId;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.graph.Node;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.graph.Relationship;
import io.draftnrun.domain.llm.ChatMessage;
import io.draftnrun.domain.shared.DomainException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunDomainTest {

    @Test
    void templatesRenderDoubleBracePlaceholdersAndLeaveJsonAlone() {
        String out = Templates.render(
                "{\"q\": \"{{input}}\", \"who\": \"{{ name }}\", \"x\": \"{{nope}}\"}",
                Map.of("input", "hi $1 \\", "name", "Ada"));
        assertThat(out).isEqualTo("{\"q\": \"hi $1 \\\", \"who\": \"Ada\", \"x\": \"\"}");
        assertThat(Templates.placeholders("{{a}} {{b}} {{a}}")).containsExactly("a", "b");
    }

    @Test
    void payloadRoundTripsThroughTheWireFormKeepingExtraKeys() {
        Map<String, Object> wire = Map.of(
                "messages",
                List.of(Map.of("role", "user", "content", "Hello")),
                "additional_info",
                "info",
                "is_final",
                true);
        Payload payload = Payload.fromMap(wire);
        assertThat(payload.lastMessageText()).isEqualTo("Hello");
        assertThat(payload.extra()).containsEntry("additional_info", "info");
        assertThat(payload.isFinal()).isTrue();
        Payload again = Payload.fromMap(payload.toMap());
        assertThat(again).isEqualTo(payload);
        assertThatThrownBy(() -> Payload.fromMap(Map.of("messages", List.of(Map.of("role", "robot")))))
                .isInstanceOf(DomainException.class);
    }

    @Test
    void jsonParsesAndWritesBack() {
        Object value = Json.parse("{\"a\": [1, 2.5, \"x\\n\\u00e9\", true, null], \"b\": {}}");
        assertThat(Json.write(value)).isEqualTo("{\"a\":[1,2.5,\"x\\né\",true,null],\"b\":{}}");
        assertThatThrownBy(() -> Json.parse("{\"a\":")).isInstanceOf(DomainException.class);
    }

    @Test
    void scheduleReleasesANodeOnlyWhenAllItsInputsCompletedAndSkipsSubComponents() {
        NodeId input = NodeId.random(), a = NodeId.random(), b = NodeId.random(), join = NodeId.random();
        NodeId tool = NodeId.random();
        GraphVersion graph = new GraphVersion(
                new GraphVersionId(UUID.randomUUID()),
                1,
                List.of(node(input, true), node(a, false), node(b, false), node(join, false), node(tool, false)),
                List.of(new Relationship(a, tool, "agent_tools", Optional.empty())),
                List.of(edge(input, a, 0), edge(input, b, 0), edge(b, join, 0), edge(a, join, 1)));
        KahnSchedule schedule = new KahnSchedule(graph);

        assertThat(schedule.start()).containsExactly(input);
        assertThat(schedule.complete(input)).containsExactly(a, b);
        assertThat(schedule.running()).isEqualTo(2);
        assertThat(schedule.complete(b)).isEmpty();
        assertThat(schedule.complete(a)).containsExactly(join);
        assertThat(schedule.complete(join)).isEmpty();
        assertThat(schedule.finished()).isTrue();
        assertThat(schedule.completed()).doesNotContain(tool);
        assertThat(schedule.completedLeaves()).containsExactly(join);
    }

    @Test
    void severalLeavesMergeIntoOneMessage() {
        Payload merged = LeafMerge.merge(
                List.of(Payload.assistant("one").withArtifact("x", 1), Payload.of(ChatMessage.assistant("two"))));
        assertThat(merged.lastMessageText()).isEqualTo("Result from agent 1:\none\n\nResult from agent 2:\ntwo\n\n");
        assertThat(merged.artifacts()).isEmpty();
    }

    @Test
    void inputBlockFillsDefaultsThenWhitelists() {
        Map<String, Object> schema = Map.of("messages", List.of(), "lang", "fr");
        Map<String, Object> request = InputBlock.withDefaults(Map.of("messages", List.of("m"), "other", 1), schema);
        assertThat(request).containsEntry("lang", "fr").containsEntry("messages", List.of("m"));
        assertThat(InputBlock.whitelist(request, schema)).containsOnlyKeys("messages", "lang");
    }

    private static Node node(NodeId id, boolean start) {
        return new Node(id, new ComponentId(UUID.randomUUID()), "X", "n", "", start, Map.of(), Optional.empty());
    }

    private static Edge edge(NodeId from, NodeId to, int order) {
        return new Edge(new EdgeId(UUID.randomUUID()), from, to, order);
    }
}
