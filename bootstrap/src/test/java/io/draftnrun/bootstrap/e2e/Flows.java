package io.draftnrun.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a client does before it can run anything, through the public API only: an organization, a project, its draft
 * graph saved and deployed, and a project API key.
 */
final class Flows {
    static final String INPUT = "01357c0b-bc99-44ce-a435-995acc5e2544";
    static final String LLM_CALL = "7a039611-49b3-4bfd-b09b-c0f93edf3b79";
    static final String AI_AGENT = "22292e7f-a3ba-4c63-a4c7-dd5c0c75cdaa";
    static final String API_CALL = "674b8c1d-0cc6-4887-be92-e3a2906830ed";
    static final String RAG = "fe26eac8-61c6-4158-a571-61fd680676c8";
    static final String RETRIEVER = "8baf68a9-1671-4ed5-8374-6ec218f5d9a6";
    static final String SYNTHESIZER = "6f790dd1-06f6-4489-a655-1a618763a114";

    private Flows() {}

    /** A project whose draft and production graphs are {@code graph}, and a key for it. */
    record Project(String organizationId, String id, String key) {}

    static String createOrganization(GraphQlClient client, String name) {
        return client.data(GraphQlDocuments.named("CreateOrganization"), Map.of("n", name))
                .get("createOrganization")
                .get("id")
                .asText();
    }

    /** Creates a project in {@code organizationId}, saves {@code nodes}/{@code edges}, deploys it and creates a key. */
    static Project project(GraphQlClient client, String organizationId, String name, Graph graph) {
        JsonNode created = client.data(
                        GraphQlDocuments.named("CreateProject"),
                        Map.of("in", Map.of("organizationId", organizationId, "name", name)))
                .get("createProject");
        String id = created.get("id").asText();
        Map<String, Object> input = new HashMap<>();
        input.put("id", created.get("draft").get("id").asText());
        input.put("nodes", graph.nodes);
        input.put("edges", graph.edges);
        input.put("relationships", graph.relationships);
        client.data(
                GraphQlDocuments.named("SaveGraph"),
                Map.of(
                        "p",
                        id,
                        "g",
                        input,
                        "v",
                        created.get("draft").get("graph").get("version").asLong()));
        client.data(GraphQlDocuments.named("DeployGraph"), Map.of("p", id));
        String key = client.data(GraphQlDocuments.named("CreateApiKey"), Map.of("p", id, "n", name + " key"))
                .get("createApiKey")
                .get("key")
                .asText();
        return new Project(organizationId, id, key);
    }

    /** A graph being built: nodes, edges and parent/child relationships (tools of an agent). */
    static final class Graph {
        final List<Map<String, Object>> nodes = new ArrayList<>();
        final List<Map<String, Object>> edges = new ArrayList<>();
        final List<Map<String, Object>> relationships = new ArrayList<>();

        /** Adds a node and returns its id. */
        String node(String componentId, String name, boolean start, Map<String, Object> parameters) {
            String id = UUID.randomUUID().toString();
            List<Map<String, Object>> values = new ArrayList<>();
            parameters.forEach((k, v) -> values.add(Map.of("name", k, "value", v)));
            nodes.add(Map.of(
                    "id", id, "componentId", componentId, "name", name, "isStartNode", start, "parameters", values));
            return id;
        }

        String input() {
            return node(INPUT, "Input", true, Map.of("payload_schema", Map.of("messages", List.of())));
        }

        Graph edge(String source, String target) {
            edges.add(Map.of(
                    "id", UUID.randomUUID().toString(), "sourceId", source, "targetId", target, "order", edges.size()));
            return this;
        }

        /** Adds {@code tool} to the {@code agent_tools} slot of {@code agent}, after the tools already there. */
        Graph tool(String agent, String tool) {
            long order = relationships.stream()
                    .filter(r ->
                            r.get("parentId").equals(agent) && r.get("slot").equals("agent_tools"))
                    .count();
            relationships.add(Map.of("parentId", agent, "childId", tool, "slot", "agent_tools", "order", (int) order));
            return this;
        }

        /** Puts {@code child} in the component slot {@code slot} of {@code parent} (e.g. a RAG's retriever). */
        Graph slot(String parent, String slot, String child) {
            relationships.add(Map.of("parentId", parent, "childId", child, "slot", slot, "order", 0));
            return this;
        }
    }

    /** Input → LLM Call on openai:gpt-4o-mini with the given prompt template. */
    static Graph inputThenLlm(String promptTemplate) {
        Graph graph = new Graph();
        String in = graph.input();
        String llm = graph.node(
                LLM_CALL,
                "Answer",
                false,
                Map.of("prompt_template", promptTemplate, "completion_model", "openai:gpt-4o-mini"));
        return graph.edge(in, llm);
    }

    static Map<String, Object> hello() {
        return Map.of("messages", List.of(Map.of("role", "user", "content", "hello")));
    }
}
