package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.draftnrun.adapter.in.http.RequestAuthenticator;
import io.draftnrun.bootstrap.Commands;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Projects and graphs over GraphQL on a dedicated dev server whose authenticator maps fixed test tokens to actors
 * (identity is another slice). Another organization's project answers NOT_FOUND, not FORBIDDEN, so ids reveal
 * nothing about other organizations.
 */
class ProjectsIT {
    static final OrganizationId ORG = new OrganizationId(UUID.randomUUID());
    static final OrganizationId OTHER = new OrganizationId(UUID.randomUUID());
    static final Map<String, Actor> ACTORS = Map.of(
            "developer", actor(ORG, Role.DEVELOPER),
            "admin", actor(ORG, Role.ADMIN),
            "member", actor(ORG, Role.MEMBER),
            "stranger", actor(OTHER, Role.ADMIN));
    static final String INPUT_ID = "01357c0b-bc99-44ce-a435-995acc5e2544";

    static Commands.Running server;
    static GraphQlClient anonymous;

    static Actor actor(OrganizationId org, Role role) {
        return Actor.user(new UserId(UUID.randomUUID()), role.wireName() + "@example.com", Map.of(org, role), false);
    }

    @BeforeAll
    static void start() {
        RequestAuthenticator tokens = token -> token.map(ACTORS::get);
        server = SharedServer.startDedicated(Map.of(), Optional.of(tokens));
        anonymous = new GraphQlClient(server.server().baseUrl());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static GraphQlClient as(String who) {
        return anonymous.withToken(who);
    }

    static final String GRAPH_FIELDS =
            "id binding version nodes { id componentName isStartNode parameters { name value order"
                    + " definition { type nullable } } } relationships { parentId childId slot order } edges { id sourceId targetId order }";
    static final String PROJECT_FIELDS = "id name draft { id graph { " + GRAPH_FIELDS + " } } production { id graph { "
            + GRAPH_FIELDS + " } } history { id }";

    JsonNode createProject(String name) {
        return as("developer")
                .data(
                        "mutation($in: CreateProjectInput!) { createProject(input: $in) { " + PROJECT_FIELDS + " } }",
                        Map.of("in", Map.of("organizationId", ORG.toString(), "name", name)))
                .get("createProject");
    }

    /** Two Input nodes chained; the first's schema carries a marker. */
    static Map<String, Object> graphInput(String draftId, String marker) {
        String a = UUID.randomUUID().toString(), b = UUID.randomUUID().toString();
        List<Map<String, Object>> nodes = new ArrayList<>();
        nodes.add(Map.of(
                "id",
                a,
                "componentId",
                INPUT_ID,
                "name",
                "in",
                "isStartNode",
                true,
                "parameters",
                List.of(Map.of("name", "payload_schema", "value", Map.of("marker", marker)))));
        nodes.add(Map.of("id", b, "componentId", INPUT_ID, "name", "out"));
        Map<String, Object> graph = new HashMap<>();
        graph.put("id", draftId);
        graph.put("nodes", nodes);
        graph.put(
                "edges", List.of(Map.of("id", UUID.randomUUID().toString(), "sourceId", a, "targetId", b, "order", 3)));
        return graph;
    }

    GraphQlClient.Response save(String who, String projectId, Map<String, Object> graph, long expected) {
        return as(who).execute(
                        "mutation($p: ID!, $g: GraphInput!, $v: Long!) { saveGraph(projectId: $p, graph: $g, expectedVersion: $v) { "
                                + GRAPH_FIELDS + " } }",
                        Map.of("p", projectId, "g", graph, "v", expected));
    }

    JsonNode project(String who, String id) {
        return as(who).data("query($id: ID!) { project(id: $id) { " + PROJECT_FIELDS + " } }", Map.of("id", id))
                .get("project");
    }

    JsonNode deploy(String projectId) {
        return as("developer")
                .data(
                        "mutation($p: ID!) { deployGraph(projectId: $p) { production { id } draft { id } previousProductionId } }",
                        Map.of("p", projectId))
                .get("deployGraph");
    }

    static String marker(JsonNode graph) {
        for (JsonNode node : graph.get("nodes")) {
            for (JsonNode p : node.get("parameters")) {
                if (p.get("name").asText().equals("payload_schema")
                        && p.get("value").has("marker")) {
                    return p.get("value").get("marker").asText();
                }
            }
        }
        return null;
    }

    @Test
    void newProjectHasAnInputStartNodeMergedWithItsDefinition() {
        JsonNode draft = createProject("Fresh").get("draft").get("graph");
        assertThat(draft.get("binding").asText()).isEqualTo("DRAFT");
        JsonNode node = draft.get("nodes").get(0);
        assertThat(node.get("componentName").asText()).isEqualTo("Input");
        assertThat(node.get("isStartNode").asBoolean()).isTrue();
        JsonNode parameter = node.get("parameters").get(0);
        assertThat(parameter.get("order").isNull()).isTrue();
        assertThat(parameter.get("value").get("additional_info").asText()).isEqualTo("info");
        assertThat(parameter.get("definition").get("type").asText()).isEqualTo("json");
    }

    @Test
    void deployEditDeployAgainAndRollBack() {
        JsonNode created = createProject("Lifecycle");
        String id = created.get("id").asText();
        String draft1 = created.get("draft").get("id").asText();
        JsonNode saved = save("developer", id, graphInput(draft1, "v1"), 1)
                .body()
                .get("data")
                .get("saveGraph");
        assertThat(saved.get("version").asLong()).isEqualTo(2);
        assertThat(saved.get("edges").get(0).get("order").asInt()).isEqualTo(3);

        JsonNode first = deploy(id);
        String prod1 = first.get("production").get("id").asText();
        String draft2 = first.get("draft").get("id").asText();
        assertThat(prod1).isEqualTo(draft1);

        JsonNode editedDraft = project("developer", id).get("draft").get("graph");
        assertThat(save(
                                "developer",
                                id,
                                graphInput(draft2, "v2"),
                                editedDraft.get("version").asLong())
                        .errorCode())
                .isNull();
        JsonNode p = project("developer", id);
        assertThat(marker(p.get("production").get("graph"))).isEqualTo("v1"); // the draft does not leak
        assertThat(marker(p.get("draft").get("graph"))).isEqualTo("v2");

        JsonNode second = deploy(id);
        assertThat(second.get("previousProductionId").asText()).isEqualTo(prod1);
        p = project("developer", id);
        assertThat(marker(p.get("production").get("graph"))).isEqualTo("v2");
        assertThat(p.get("history").findValuesAsText("id")).containsExactly(prod1);

        JsonNode rolledBack = as("developer")
                .data(
                        "mutation($v: ID!) { promoteVersion(versionId: $v) { " + PROJECT_FIELDS + " } }",
                        Map.of("v", prod1))
                .get("promoteVersion");
        assertThat(rolledBack.get("production").get("id").asText()).isEqualTo(prod1);
        assertThat(marker(rolledBack.get("production").get("graph"))).isEqualTo("v1");
        assertThat(rolledBack.get("history").findValuesAsText("id"))
                .containsExactly(second.get("production").get("id").asText());
        // production is immutable: saving the deployed version is refused
        assertThat(save("developer", id, graphInput(prod1, "hack"), 2).errorCode())
                .isEqualTo("CONFLICT");
    }

    @Test
    void secondClientSavingTheSameDraftGetsConflict() {
        JsonNode created = createProject("Concurrent");
        String id = created.get("id").asText();
        String draft = created.get("draft").get("id").asText();
        assertThat(save("developer", id, graphInput(draft, "alice"), 1).errorCode())
                .isNull();
        assertThat(save("admin", id, graphInput(draft, "bob"), 1).errorCode()).isEqualTo("CONFLICT");
        assertThat(marker(project("developer", id).get("draft").get("graph"))).isEqualTo("alice");
    }

    @Test
    void invalidGraphListsEveryViolationAndWritesNothing() {
        JsonNode created = createProject("Invalid");
        String id = created.get("id").asText();
        Map<String, Object> graph = graphInput(created.get("draft").get("id").asText(), "x");
        String unknown = UUID.randomUUID().toString();
        graph.put("nodes", List.of(Map.of("id", UUID.randomUUID().toString(), "componentId", unknown)));
        GraphQlClient.Response response = save("developer", id, graph, 1);
        assertThat(response.errorCode()).isEqualTo("VALIDATION");
        assertThat(response.body()
                        .get("errors")
                        .get(0)
                        .get("extensions")
                        .get("violations")
                        .findValuesAsText("message"))
                .anyMatch(m -> m.startsWith("UNKNOWN_COMPONENT"))
                .anyMatch(m -> m.startsWith("EDGE_TO_UNKNOWN_NODE"))
                .anyMatch(m -> m.startsWith("NO_START_NODE"));
        assertThat(project("developer", id)
                        .get("draft")
                        .get("graph")
                        .get("version")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void memberReadsButCannotSaveOrDeployAndStrangersSeeNothing() {
        JsonNode created = createProject("Guarded");
        String id = created.get("id").asText();
        String draft = created.get("draft").get("id").asText();
        assertThat(project("member", id).get("name").asText()).isEqualTo("Guarded");
        assertThat(save("member", id, graphInput(draft, "m"), 1).errorCode()).isEqualTo("FORBIDDEN");
        assertThat(as("member")
                        .execute("mutation($p: ID!) { deployGraph(projectId: $p) { draft { id } } }", Map.of("p", id))
                        .errorCode())
                .isEqualTo("FORBIDDEN");

        assertThat(as("stranger")
                        .execute("query($id: ID!) { project(id: $id) { id } }", Map.of("id", id))
                        .errorCode())
                .isEqualTo("NOT_FOUND");
        assertThat(as("stranger")
                        .execute("query($id: ID!) { graph(id: $id) { id } }", Map.of("id", draft))
                        .errorCode())
                .isEqualTo("NOT_FOUND");
        assertThat(as("stranger")
                        .execute(
                                "query($o: ID!) { projects(organizationId: $o) { edges { node { id } } } }",
                                Map.of("o", ORG.toString()))
                        .errorCode())
                .isEqualTo("NOT_FOUND");
        assertThat(anonymous
                        .execute("query($id: ID!) { project(id: $id) { id } }", Map.of("id", id))
                        .errorCode())
                .isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void listsProjectsAndTheCatalog() {
        createProject("Listed project");
        JsonNode page = as("member")
                .data(
                        "query($o: ID!) { projects(organizationId: $o, search: \"listed\", first: 5) { edges { node { name } } pageInfo { hasNextPage } } }",
                        Map.of("o", ORG.toString()))
                .get("projects");
        assertThat(page.get("edges").findValuesAsText("name")).containsExactly("Listed project");
        JsonNode catalog = as("member")
                .data(
                        "query($o: ID!) { componentCatalog(organizationId: $o) { id name isProtected parameters { name type default } } }",
                        Map.of("o", ORG.toString()))
                .get("componentCatalog");
        assertThat(catalog.findValuesAsText("name")).contains("Input");
        assertThat(as("member")
                        .data("{ llmModels { reference } }")
                        .get("llmModels")
                        .findValuesAsText("reference"))
                .contains("openai:gpt-4.1-mini");
        assertThat(as("member")
                        .data("{ llmModels(capability: \"embedding\") { reference } }")
                        .get("llmModels")
                        .findValuesAsText("reference"))
                .contains("local:all-minilm-l6-v2")
                .doesNotContain("openai:gpt-4.1-mini");
    }
}
