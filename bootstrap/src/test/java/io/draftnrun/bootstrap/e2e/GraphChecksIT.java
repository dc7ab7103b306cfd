package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * saveGraph refuses, all at once and before anything is written, what could only fail later (an unknown model, a
 * file: URL, a null required prompt, a secret the organization lacks); a fresh install offers every component it can
 * run, API Call included; projects only go into organizations that exist; malformed graph input is VALIDATION.
 */
class GraphChecksIT {
    private final GraphQlClient admin = Users.admin(SharedServer.client());

    private static final String SAVE =
            "mutation($p: ID!, $g: GraphInput!, $v: Long!) { saveGraph(projectId: $p, graph: $g, expectedVersion: $v) { version } }";

    private record Draft(String projectId, String graphId, long version, String inputNodeId) {}

    private Draft newProject(String organizationId) {
        JsonNode created = admin.data("""
                        mutation($in: CreateProjectInput!) {
                          createProject(input: $in) { id draft { id graph { version nodes { id } } } }
                        }""", Map.of("in", Map.of("organizationId", organizationId, "name", "Checks")))
                .get("createProject");
        JsonNode draft = created.get("draft");
        return new Draft(
                created.get("id").asText(),
                draft.get("id").asText(),
                draft.get("graph").get("version").asLong(),
                draft.get("graph").get("nodes").get(0).get("id").asText());
    }

    private static Map<String, Object> node(String component, boolean start, List<Map<String, Object>> parameters) {
        Map<String, Object> node = new HashMap<>();
        node.put("id", UUID.randomUUID().toString());
        node.put("componentId", component);
        node.put("name", "n");
        node.put("isStartNode", start);
        node.put("parameters", parameters);
        return node;
    }

    private static Map<String, Object> parameter(String name, Object value) {
        Map<String, Object> parameter = new HashMap<>();
        parameter.put("name", name);
        parameter.put("value", value);
        return parameter;
    }

    @Test
    void saveRefusesWhatCouldOnlyFailLaterAllAtOnceAndWritesNothing() {
        String org = Flows.createOrganization(admin, "Checks");
        Draft draft = newProject(org);
        Map<String, Object> input = node(Flows.INPUT, true, List.of());
        Map<String, Object> llm = node(
                Flows.LLM_CALL,
                false,
                List.of(parameter("completion_model", "nope:model"), parameter("prompt_template", null)));
        Map<String, Object> api = node(
                Flows.API_CALL,
                false,
                List.of(
                        parameter("endpoint", "file:///etc/passwd"),
                        parameter("headers", Map.of("Authorization", "Bearer {{secret:never_set}}"))));
        List<Map<String, Object>> edges = new ArrayList<>();
        edges.add(Map.of("id", UUID.randomUUID().toString(), "sourceId", input.get("id"), "targetId", llm.get("id")));
        edges.add(Map.of("id", UUID.randomUUID().toString(), "sourceId", llm.get("id"), "targetId", api.get("id")));
        GraphQlClient.Response refused = admin.execute(
                SAVE,
                Map.of(
                        "p",
                        draft.projectId(),
                        "g",
                        Map.of("nodes", List.of(input, llm, api), "edges", edges, "relationships", List.of()),
                        "v",
                        draft.version()));
        assertThat(refused.errorCode()).as(refused.body().toString()).isEqualTo("VALIDATION");
        List<String> violations = new ArrayList<>();
        refused.body()
                .at("/errors/0/extensions/violations")
                .forEach(v -> violations.add(v.get("message").asText()));
        assertThat(violations)
                .anySatisfy(m -> assertThat(m).startsWith("UNKNOWN_MODEL").contains("nope:model"))
                .anySatisfy(
                        m -> assertThat(m).startsWith("MISSING_REQUIRED_VALUE").contains("prompt_template"))
                .anySatisfy(m -> assertThat(m).startsWith("INVALID_VALUE").contains("endpoint", "file: URL"))
                .anySatisfy(m -> assertThat(m).startsWith("UNKNOWN_SECRET").contains("never_set"))
                .hasSize(4);
        JsonNode stored = admin.data(
                        "query($g: ID!) { graph(id: $g) { version nodes { id } } }", Map.of("g", draft.graphId()))
                .get("graph");
        assertThat(stored.get("version").asLong()).isEqualTo(draft.version());
        assertThat(stored.get("nodes")).hasSize(1);
    }

    @Test
    void aFreshInstallOffersEveryComponentItCanRunApiCallIncluded() {
        String org = Flows.createOrganization(admin, "Catalog");
        List<String> names = new ArrayList<>();
        Map<String, JsonNode> byName = new HashMap<>();
        admin.data("""
                        query($o: ID!) { componentCatalog(organizationId: $o) {
                          name releaseStage parameters { name modelCapabilities acceptsSecretPlaceholders }
                        } }""", Map.of("o", org)).get("componentCatalog").forEach(c -> {
            names.add(c.get("name").asText());
            byName.put(c.get("name").asText(), c);
        });
        assertThat(names)
                .contains("API Call", "AI Agent", "LLM Call", "Internet Search with OpenAI", "RAG", "Retriever");
        // what the editor learns from the catalog: where {{secret:name}} works, what a model parameter needs
        assertThat(byName.get("API Call").get("parameters").toString())
                .contains("{\"name\":\"headers\",\"modelCapabilities\":[],\"acceptsSecretPlaceholders\":true}");
        assertThat(byName.get("AI Agent").get("parameters").toString())
                .contains("{\"name\":\"completion_model\",\"modelCapabilities\":[\"completion\",\"function_calling\"],"
                        + "\"acceptsSecretPlaceholders\":false}");
    }

    @Test
    void aFreshInstallOffersStarterTemplatesThatNewProjectsCopy() {
        GraphQlClient user = Users.newUser(SharedServer.client(), "templates");
        Map<String, String> templates = new HashMap<>();
        user.data("{ templates { projectId name } }")
                .get("templates")
                .forEach(t ->
                        templates.put(t.get("name").asText(), t.get("projectId").asText()));
        assertThat(templates).containsKeys("Answer with a model", "Agent with web search");

        String org = Flows.createOrganization(user, "From a template");
        JsonNode copy = user.data(
                        """
                        mutation($in: CreateProjectInput!) {
                          createProject(input: $in) { draft { graph { nodes { componentName } relationships { slot } } } }
                        }""",
                        Map.of(
                                "in",
                                Map.of(
                                        "organizationId",
                                        org,
                                        "name",
                                        "My research agent",
                                        "fromTemplate",
                                        templates.get("Agent with web search"))))
                .get("createProject");
        assertThat(copy.at("/draft/graph/nodes").toString())
                .contains("Input", "AI Agent", "Internet Search with OpenAI");
        assertThat(copy.at("/draft/graph/relationships/0/slot").asText()).isEqualTo("agent_tools");
    }

    @Test
    void projectsGoOnlyIntoOrganizationsThatExist() {
        GraphQlClient.Response ghost = admin.execute(
                "mutation($in: CreateProjectInput!) { createProject(input: $in) { id } }",
                Map.of("in", Map.of("organizationId", UUID.randomUUID().toString(), "name", "Ghost")));
        assertThat(ghost.errorCode()).as(ghost.body().toString()).isEqualTo("NOT_FOUND");
    }

    @Test
    void malformedGraphInputIsAValidationError() {
        String org = Flows.createOrganization(admin, "Malformed");
        Draft draft = newProject(org);
        Map<String, Object> input = node(Flows.INPUT, true, List.of());
        input.put("toolDescription", Map.of("name", "t", "properties", "not an object"));
        GraphQlClient.Response badTool = admin.execute(
                SAVE, Map.of("p", draft.projectId(), "g", Map.of("nodes", List.of(input)), "v", draft.version()));
        assertThat(badTool.errorCode()).as(badTool.body().toString()).isEqualTo("VALIDATION");
        assertThat(badTool.body().toString()).contains("toolDescription.properties must be a JSON object");

        GraphQlClient.Response badId = admin.execute(
                SAVE,
                Map.of(
                        "p",
                        draft.projectId(),
                        "g",
                        Map.of("id", "not-a-uuid", "nodes", List.of(node(Flows.INPUT, true, List.of()))),
                        "v",
                        draft.version()));
        assertThat(badId.errorCode()).as(badId.body().toString()).isEqualTo("VALIDATION");
    }
}
