package io.draftnrun.domain.graph;

import static io.draftnrun.domain.graph.TestGraphs.AGENT;
import static io.draftnrun.domain.graph.TestGraphs.INPUT;
import static io.draftnrun.domain.graph.TestGraphs.RAG;
import static io.draftnrun.domain.graph.TestGraphs.RETRIEVER;
import static io.draftnrun.domain.graph.TestGraphs.TOOL;
import static io.draftnrun.domain.graph.TestGraphs.edge;
import static io.draftnrun.domain.graph.TestGraphs.graph;
import static io.draftnrun.domain.graph.TestGraphs.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.graph.GraphViolation.Kind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GraphValidatorTest {
    private final GraphValidator validator = new GraphValidator(TestGraphs.CATALOG);

    private static final Map<String, ParameterValue> PROMPT = Map.of("initial_prompt", ParameterValue.literal("hi"));

    private List<Kind> kinds(GraphVersion graph) {
        return validator.validate(graph).stream().map(GraphViolation::kind).toList();
    }

    @Test
    void acceptsAValidGraphWithToolsAndSlots() {
        GraphVersion graph = graph(
                List.of(
                        node("1", INPUT, true, Map.of()),
                        node(
                                "2",
                                AGENT,
                                false,
                                Map.of(
                                        "initial_prompt",
                                        ParameterValue.literal("hi"),
                                        "max_iterations",
                                        ParameterValue.literal(5),
                                        "api_key",
                                        ParameterValue.secret("openai_api_key"))),
                        node("3", TOOL, false, Map.of()),
                        node("4", RAG, false, Map.of()),
                        node("5", RETRIEVER, false, Map.of())),
                List.of(
                        new Relationship(node("2"), node("3"), "agent_tools", Optional.of(0)),
                        new Relationship(node("2"), node("4"), "agent_tools", Optional.of(1)),
                        new Relationship(node("4"), node("5"), "retriever", Optional.empty())),
                List.of(edge("1", "1", "2", 0)));
        assertThat(validator.validate(graph)).isEmpty();
    }

    @Test
    void rejectsUnknownComponent() {
        GraphVersion graph = graph(
                List.of(node("1", ComponentId.of("99999999-0000-0000-0000-000000000000"), true, Map.of())),
                List.of(),
                List.of());
        assertThat(kinds(graph)).containsExactly(Kind.UNKNOWN_COMPONENT);
    }

    @Test
    void rejectsUnknownParameter() {
        GraphVersion graph = graph(
                List.of(node("1", INPUT, true, Map.of("colour", ParameterValue.literal("red")))), List.of(), List.of());
        assertThat(validator.validate(graph)).singleElement().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(Kind.UNKNOWN_PARAMETER);
            assertThat(v.path()).endsWith(".parameters.colour");
            assertThat(v.toViolation().message()).startsWith("UNKNOWN_PARAMETER: ");
        });
    }

    @Test
    void rejectsWrongTypes() {
        GraphVersion graph = graph(
                List.of(node(
                        "1",
                        AGENT,
                        true,
                        Map.of(
                                "initial_prompt", ParameterValue.literal(Map.of("a", 1)),
                                "max_iterations", ParameterValue.literal("many"),
                                "api_key", ParameterValue.literal("sk-plaintext"),
                                "agent_tools", ParameterValue.literal("x")))),
                List.of(),
                List.of());
        assertThat(kinds(graph)).containsExactly(Kind.WRONG_TYPE, Kind.WRONG_TYPE, Kind.WRONG_TYPE, Kind.WRONG_TYPE);
    }

    @Test
    void rejectsMissingRequiredValueAndEmptyRequiredSlot() {
        GraphVersion graph =
                graph(List.of(node("1", AGENT, true, Map.of()), node("2", RAG, false, Map.of())), List.of(), List.of());
        assertThat(kinds(graph)).containsExactlyInAnyOrder(Kind.MISSING_REQUIRED_VALUE, Kind.MISSING_REQUIRED_VALUE);
    }

    @Test
    void rejectsSlotChildNotAllowed() {
        GraphVersion graph = graph(
                List.of(
                        node("1", INPUT, true, Map.of()),
                        node("2", RAG, false, Map.of()),
                        node("3", TOOL, false, Map.of()),
                        node("4", RETRIEVER, false, Map.of()),
                        node("5", AGENT, false, PROMPT)),
                List.of(
                        new Relationship(node("2"), node("3"), "retriever", Optional.empty()),
                        new Relationship(node("2"), node("4"), "retriever", Optional.empty()),
                        new Relationship(node("5"), node("4"), "agent_tools", Optional.empty())),
                List.of());
        assertThat(kinds(graph)).containsExactly(Kind.SLOT_CHILD_NOT_ALLOWED, Kind.SLOT_CHILD_NOT_ALLOWED);
    }

    @Test
    void rejectsRelationshipToUnknownNodeAndUnknownSlot() {
        GraphVersion graph = graph(
                List.of(node("1", AGENT, true, PROMPT), node("2", TOOL, false, Map.of())),
                List.of(
                        new Relationship(node("1"), node("9"), "agent_tools", Optional.empty()),
                        new Relationship(node("1"), node("2"), "wheels", Optional.empty())),
                List.of());
        assertThat(kinds(graph)).containsExactly(Kind.RELATIONSHIP_TO_UNKNOWN_NODE, Kind.UNKNOWN_PARAMETER);
    }

    @Test
    void rejectsEdgeToUnknownNode() {
        GraphVersion graph =
                graph(List.of(node("1", INPUT, true, Map.of())), List.of(), List.of(edge("1", "1", "7", 0)));
        assertThat(validator.validate(graph)).singleElement().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(Kind.EDGE_TO_UNKNOWN_NODE);
            assertThat(v.message()).contains(node("7").toString());
        });
    }

    @Test
    void rejectsCycleAmongDataEdges() {
        GraphVersion graph = graph(
                List.of(
                        node("1", INPUT, true, Map.of()),
                        node("2", AGENT, false, PROMPT),
                        node("3", AGENT, false, PROMPT)),
                List.of(),
                List.of(edge("1", "1", "2", 0), edge("2", "2", "3", 0), edge("3", "3", "2", 1)));
        assertThat(validator.validate(graph)).singleElement().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(Kind.CYCLE);
            assertThat(v.message())
                    .contains(node("2").toString())
                    .contains(node("3").toString());
        });
    }

    @Test
    void rejectsGraphWithoutStartNode() {
        assertThat(kinds(graph(List.of(node("1", INPUT, false, Map.of())), List.of(), List.of())))
                .containsExactly(Kind.NO_START_NODE);
        assertThat(kinds(graph(List.of(), List.of(), List.of()))).containsExactly(Kind.NO_START_NODE);
    }

    @Test
    void rejectsDuplicateIds() {
        GraphVersion graph = graph(
                List.of(
                        node("1", INPUT, true, Map.of()),
                        node("1", INPUT, false, Map.of()),
                        node("2", AGENT, false, PROMPT)),
                List.of(),
                List.of(edge("1", "1", "2", 0), edge("1", "1", "2", 1)));
        assertThat(kinds(graph)).containsExactly(Kind.DUPLICATE_ID, Kind.DUPLICATE_ID);
    }

    @Test
    void reportsEveryViolationAtOnce() {
        GraphVersion graph = graph(
                List.of(
                        node("1", INPUT, false, Map.of("x", ParameterValue.literal(1))),
                        node("2", AGENT, false, Map.of())),
                List.of(),
                List.of(edge("1", "1", "8", 0)));
        assertThat(kinds(graph))
                .containsExactlyInAnyOrder(
                        Kind.UNKNOWN_PARAMETER,
                        Kind.MISSING_REQUIRED_VALUE,
                        Kind.EDGE_TO_UNKNOWN_NODE,
                        Kind.NO_START_NODE);
    }

    /** What the saving organization has: one secret, one source, two models; API Call is not released to it. */
    private static final java.util.UUID SOURCE = java.util.UUID.fromString("5ec0e5ec-0000-4000-8000-000000000001");

    private static final GraphReferences ORGANIZATION = new GraphReferences() {
        @Override
        public Optional<String> refusal(io.draftnrun.domain.component.ComponentDefinition component) {
            return component.name().equals("API Call")
                    ? Optional.of("its release stage is internal")
                    : Optional.empty();
        }

        @Override
        public Optional<java.util.Set<io.draftnrun.domain.llm.ModelCapability>> model(
                io.draftnrun.domain.llm.ModelReference model) {
            return switch (model.toString()) {
                case "openai:gpt-4o-mini" ->
                    Optional.of(java.util.Set.of(
                            io.draftnrun.domain.llm.ModelCapability.COMPLETION,
                            io.draftnrun.domain.llm.ModelCapability.FUNCTION_CALLING));
                case "local:all-minilm-l6-v2" ->
                    Optional.of(java.util.Set.of(io.draftnrun.domain.llm.ModelCapability.EMBEDDING));
                default -> Optional.empty();
            };
        }

        @Override
        public boolean secretExists(String name) {
            return name.equals("github_token");
        }

        @Override
        public boolean sourceExists(java.util.UUID source) {
            return source.equals(SOURCE);
        }
    };

    @Test
    void checksValuesAgainstWhatTheOrganizationHasAndReportsThemAllAtOnce() {
        GraphValidator checked = new GraphValidator(TestGraphs.CATALOG, ORGANIZATION);
        GraphVersion graph = graph(
                List.of(
                        node("1", INPUT, true, Map.of()),
                        node(
                                "2",
                                AGENT,
                                false,
                                Map.of(
                                        "initial_prompt",
                                        ParameterValue.literal("hi"),
                                        "completion_model",
                                        ParameterValue.literal("nope:model"),
                                        "api_key",
                                        ParameterValue.secret("missing_key"))),
                        node(
                                "3",
                                AGENT,
                                false,
                                Map.of(
                                        "initial_prompt",
                                        ParameterValue.literal("hi"),
                                        "completion_model",
                                        ParameterValue.literal("local:all-minilm-l6-v2"))),
                        node(
                                "4",
                                TOOL,
                                false,
                                Map.of(
                                        "endpoint",
                                        ParameterValue.literal("file:///etc/passwd"),
                                        "headers",
                                        ParameterValue.literal(Map.of(
                                                "Authorization", "Bearer {{secret:github_token}}",
                                                "X-Other", "{{secret: not_set }}")))),
                        node(
                                "5",
                                RETRIEVER,
                                false,
                                Map.of("data_source", ParameterValue.literal(Map.of("id", UUID_ELSEWHERE))))),
                List.of(),
                List.of(
                        edge("1", "1", "2", 0),
                        edge("2", "1", "3", 1),
                        edge("3", "1", "4", 2),
                        edge("4", "1", "5", 3)));
        List<GraphViolation> violations = checked.validate(graph, Map.of(node("4"), java.util.Set.of("timeout")));
        assertThat(violations)
                .extracting(GraphViolation::kind)
                .containsExactlyInAnyOrder(
                        Kind.UNKNOWN_MODEL,
                        Kind.UNKNOWN_SECRET,
                        Kind.MODEL_LACKS_CAPABILITY,
                        Kind.COMPONENT_NOT_AVAILABLE,
                        Kind.INVALID_VALUE,
                        Kind.UNKNOWN_SECRET,
                        Kind.MISSING_REQUIRED_VALUE,
                        Kind.UNKNOWN_SOURCE);
        assertThat(violations)
                .extracting(GraphViolation::message)
                .anySatisfy(m -> assertThat(m).contains("no model 'nope:model'"))
                .anySatisfy(m -> assertThat(m).contains("lacks completion, function_calling"))
                .anySatisfy(m -> assertThat(m).contains("endpoint must be an http or https URL, not a file: URL"))
                .anySatisfy(m -> assertThat(m).contains("no secret 'not_set'"))
                .anySatisfy(m -> assertThat(m).contains("no secret 'missing_key'"))
                .anySatisfy(m -> assertThat(m).contains("timeout of API Call is required and cannot be null"))
                .anySatisfy(m -> assertThat(m).contains("API Call is not available"));
        assertThat(violations).noneSatisfy(v -> assertThat(v.message()).contains("github_token"));

        // the same graph without what the organization has: only the URL, which needs no look-up, is wrong
        assertThat(validator.validate(graph)).extracting(GraphViolation::kind).containsExactly(Kind.INVALID_VALUE);
    }

    private static final String UUID_ELSEWHERE = "5ec0e5ec-0000-4000-8000-0000000000ff";

    @Test
    void acceptsValuesTheOrganizationHas() {
        GraphValidator checked = new GraphValidator(TestGraphs.CATALOG, ORGANIZATION);
        GraphVersion graph = graph(
                List.of(
                        node("1", INPUT, true, Map.of()),
                        node(
                                "2",
                                AGENT,
                                false,
                                Map.of(
                                        "initial_prompt",
                                        ParameterValue.literal("hi"),
                                        "completion_model",
                                        ParameterValue.literal("openai:gpt-4o-mini"))),
                        node("5", RETRIEVER, false, Map.of("data_source", ParameterValue.literal(SOURCE.toString())))),
                List.of(),
                List.of(edge("1", "1", "2", 0), edge("2", "1", "5", 1)));
        assertThat(checked.validate(graph, Map.of(node("2"), java.util.Set.of("max_iterations"))))
                .isEmpty();
    }

    @Test
    void secretPlaceholdersAreReadInOnePass() {
        assertThat(SecretPlaceholders.names(
                        Map.of("a", List.of("x {{secret:one}} y {{secret: two }}", "{{secret:one}}"))))
                .containsExactly("one", "two");
        assertThat(SecretPlaceholders.names("{{secret:has space}} {{secret:}} {{secret:ok"))
                .isEmpty();
        assertThat(SecretPlaceholders.replace(Map.of("h", "Bearer {{secret:t}}!"), n -> "<" + n + ">"))
                .isEqualTo(Map.of("h", "Bearer <t>!"));
        String pathological = "{{secret:".repeat(100_000) + "}}";
        assertThat(SecretPlaceholders.names(pathological)).isEmpty();
    }
}
