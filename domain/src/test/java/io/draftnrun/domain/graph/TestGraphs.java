package io.draftnrun.domain.graph;

import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ComponentDefinitions;
import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.component.ParameterDefinition;
import io.draftnrun.domain.component.ParameterType;
import io.draftnrun.domain.component.ReleaseStage;
import io.draftnrun.domain.llm.ModelCapability;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A tiny catalog and graph builders for the domain tests. */
final class TestGraphs {
    static final ComponentId INPUT = ComponentId.of("01357c0b-bc99-44ce-a435-995acc5e2544");
    static final ComponentId AGENT = ComponentId.of("22292e7f-a3ba-4c63-a4c7-dd5c0c75cdaa");
    static final ComponentId TOOL = ComponentId.of("674b8c1d-0cc6-4887-be92-e3a2906830ed");
    static final ComponentId RAG = ComponentId.of("fe26eac8-61c6-4158-a571-61fd680676c8");
    static final ComponentId RETRIEVER = ComponentId.of("8baf68a9-1671-4ed5-8374-6ec218f5d9a6");

    static final ComponentDefinitions CATALOG = ComponentDefinitions.of(List.of(
            ComponentDefinition.builder()
                    .id(INPUT)
                    .name("Input")
                    .agent(true)
                    .protectedFromRemoval(true)
                    .releaseStage(ReleaseStage.PUBLIC)
                    .parameters(List.of(ParameterDefinition.builder("payload_schema", ParameterType.STRING)
                            .required()
                            .defaultValue("{}")
                            .build()))
                    .build(),
            ComponentDefinition.builder()
                    .id(AGENT)
                    .name("AI Agent")
                    .agent(true)
                    .functionCallable(true)
                    .canUseFunctionCalling(true)
                    .releaseStage(ReleaseStage.PUBLIC)
                    .parameters(List.of(
                            ParameterDefinition.builder("initial_prompt", ParameterType.STRING)
                                    .required()
                                    .build(),
                            ParameterDefinition.builder("max_iterations", ParameterType.INTEGER)
                                    .build(),
                            ParameterDefinition.builder("api_key", ParameterType.LLM_API_KEY)
                                    .build(),
                            ParameterDefinition.builder("agent_tools", ParameterType.TOOL)
                                    .build(),
                            ParameterDefinition.builder("completion_model", ParameterType.LLM_MODEL)
                                    .needsModel(ModelCapability.COMPLETION, ModelCapability.FUNCTION_CALLING)
                                    .build()))
                    .build(),
            ComponentDefinition.builder()
                    .id(TOOL)
                    .name("API Call")
                    .functionCallable(true)
                    .releaseStage(ReleaseStage.INTERNAL)
                    .parameters(List.of(
                            ParameterDefinition.builder("endpoint", ParameterType.STRING)
                                    .httpUrl()
                                    .build(),
                            ParameterDefinition.builder("headers", ParameterType.JSON)
                                    .secretPlaceholders()
                                    .build(),
                            ParameterDefinition.builder("timeout", ParameterType.INTEGER)
                                    .required()
                                    .defaultValue(30)
                                    .build()))
                    .build(),
            ComponentDefinition.builder()
                    .id(RAG)
                    .name("RAG")
                    .agent(true)
                    .functionCallable(true)
                    .releaseStage(ReleaseStage.PUBLIC)
                    .parameters(List.of(ParameterDefinition.builder("retriever", ParameterType.COMPONENT)
                            .required()
                            .allowedChildren(List.of(RETRIEVER))
                            .build()))
                    .build(),
            ComponentDefinition.builder()
                    .id(RETRIEVER)
                    .name("Retriever")
                    .releaseStage(ReleaseStage.PUBLIC)
                    .parameters(List.of(ParameterDefinition.builder("data_source", ParameterType.DATA_SOURCE)
                            .build()))
                    .build()));

    static Node node(String id, ComponentId component, boolean start, Map<String, ParameterValue> parameters) {
        return new Node(node(id), component, "", "n" + id, "", start, parameters, Optional.empty());
    }

    static NodeId node(String suffix) {
        return NodeId.of("00000000-0000-0000-0000-" + "0".repeat(12 - suffix.length()) + suffix);
    }

    static Edge edge(String id, String source, String target, int order) {
        return new Edge(
                EdgeId.of("eeeeeeee-0000-0000-0000-" + "0".repeat(12 - id.length()) + id),
                node(source),
                node(target),
                order);
    }

    static GraphVersion graph(List<Node> nodes, List<Relationship> relationships, List<Edge> edges) {
        return new GraphVersion(GraphVersionId.random(), 1, nodes, relationships, edges);
    }

    private TestGraphs() {}
}
