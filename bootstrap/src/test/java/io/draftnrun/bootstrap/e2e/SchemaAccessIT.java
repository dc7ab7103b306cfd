package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks every root field of the executable schema (read by introspection over HTTP) and proves that anonymous callers
 * are refused with UNAUTHENTICATED and members of another organization with FORBIDDEN or NOT_FOUND. A field added
 * without a row in {@link #RULES} fails the test: say who may call it and which arguments reach another
 * organization's data.
 */
class SchemaAccessIT {
    /** How a field is protected. */
    enum Access {
        /** Callable anonymously (the allowlist). */
        PUBLIC,
        /** Any signed-in caller; acts only on the caller's own data. */
        SELF,
        /** Reaches an organization's data: a member of another organization is refused. */
        ORGANIZATION,
        /** Reaches an organization's data by an id the caller cannot know: refused, or null as if unknown. */
        ORGANIZATION_OR_NULL
    }

    record Rule(Access access, Function<Victim, Map<String, Object>> arguments) {}

    /** Resources of an organization the outsider does not belong to. */
    record Victim(
            String organizationId, String projectId, String apiKeyId, String memberId, String graphId, String runId) {}

    private static Rule rule(Access access, Function<Victim, Map<String, Object>> arguments) {
        return new Rule(access, arguments);
    }

    private static final Map<String, Rule> RULES = new LinkedHashMap<>();

    static {
        RULES.put("Query.serverInfo", rule(Access.PUBLIC, v -> Map.of()));
        RULES.put("Mutation.ping", rule(Access.PUBLIC, v -> Map.of()));
        RULES.put("Subscription.heartbeat", rule(Access.PUBLIC, v -> Map.of()));
        RULES.put("Mutation.login", rule(Access.PUBLIC, v -> Map.of("email", "x@example.com", "password", "x")));
        RULES.put("Mutation.refreshToken", rule(Access.PUBLIC, v -> Map.of("refreshToken", "rt_unknown")));
        RULES.put("Query.me", rule(Access.SELF, v -> Map.of()));
        RULES.put("Query.organizations", rule(Access.SELF, v -> Map.of()));
        RULES.put("Mutation.createOrganization", rule(Access.SELF, v -> Map.of("name", "Mine")));
        RULES.put("Query.organization", rule(Access.ORGANIZATION, v -> Map.of("id", v.organizationId())));
        RULES.put("Query.members", rule(Access.ORGANIZATION, v -> Map.of("organizationId", v.organizationId())));
        RULES.put("Query.apiKeys", rule(Access.ORGANIZATION, v -> Map.of("projectId", v.projectId())));
        RULES.put(
                "Query.organizationSecrets",
                rule(Access.ORGANIZATION, v -> Map.of("organizationId", v.organizationId())));
        RULES.put(
                "Mutation.addMember",
                rule(
                        Access.ORGANIZATION,
                        v -> Map.of("organizationId", v.organizationId(), "email", "x@example.com", "role", "ADMIN")));
        RULES.put(
                "Mutation.changeMemberRole",
                rule(
                        Access.ORGANIZATION,
                        v -> Map.of("organizationId", v.organizationId(), "userId", v.memberId(), "role", "USER")));
        RULES.put(
                "Mutation.removeMember",
                rule(Access.ORGANIZATION, v -> Map.of("organizationId", v.organizationId(), "userId", v.memberId())));
        RULES.put(
                "Mutation.createApiKey",
                rule(Access.ORGANIZATION, v -> Map.of("projectId", v.projectId(), "name", "stolen")));
        RULES.put("Query.sources", rule(Access.ORGANIZATION, v -> Map.of("organizationId", v.organizationId())));
        RULES.put("Query.ingestionTasks", rule(Access.ORGANIZATION, v -> Map.of("organizationId", v.organizationId())));
        RULES.put(
                "Query.ingestionTask",
                rule(Access.ORGANIZATION, v -> Map.of("id", UUID.randomUUID().toString())));
        RULES.put(
                "Mutation.createSource",
                rule(
                        Access.ORGANIZATION,
                        v -> Map.of(
                                "input",
                                Map.of("organizationId", v.organizationId(), "name", "stolen", "type", "FILES"))));
        RULES.put(
                "Mutation.deleteSource",
                rule(Access.ORGANIZATION, v -> Map.of("id", UUID.randomUUID().toString())));
        RULES.put(
                "Mutation.uploadFiles",
                rule(
                        Access.ORGANIZATION,
                        v -> Map.of("sourceId", UUID.randomUUID().toString(), "files", List.of())));
        RULES.put(
                "Mutation.ingestSource",
                rule(
                        Access.ORGANIZATION,
                        v -> Map.of("sourceId", UUID.randomUUID().toString())));
        RULES.put(
                "Subscription.ingestionTaskUpdates",
                rule(Access.ORGANIZATION, v -> Map.of("organizationId", v.organizationId())));
        RULES.put("Mutation.revokeApiKey", rule(Access.ORGANIZATION, v -> Map.of("id", v.apiKeyId())));
        RULES.put(
                "Mutation.setOrganizationSecret",
                rule(
                        Access.ORGANIZATION,
                        v -> Map.of(
                                "organizationId", v.organizationId(),
                                "key", "openai_api_key",
                                "value", "overwritten",
                                "type", "LLM_API_KEY")));
        RULES.put(
                "Mutation.deleteOrganizationSecret",
                rule(Access.ORGANIZATION, v -> Map.of("organizationId", v.organizationId(), "key", "openai_api_key")));
        // projects, graphs and the catalog
        RULES.put("Query.llmModels", rule(Access.SELF, v -> Map.of()));
        RULES.put("Query.templates", rule(Access.SELF, v -> Map.of()));
        RULES.put(
                "Query.componentCatalog", rule(Access.ORGANIZATION, v -> Map.of("organizationId", v.organizationId())));
        RULES.put("Query.projects", rule(Access.ORGANIZATION, v -> Map.of("organizationId", v.organizationId())));
        RULES.put("Query.project", rule(Access.ORGANIZATION, v -> Map.of("id", v.projectId())));
        RULES.put("Query.graph", rule(Access.ORGANIZATION, v -> Map.of("id", v.graphId())));
        RULES.put(
                "Mutation.createProject",
                rule(
                        Access.ORGANIZATION,
                        v -> Map.of("input", Map.of("organizationId", v.organizationId(), "name", "planted"))));
        RULES.put(
                "Mutation.updateProject",
                rule(Access.ORGANIZATION, v -> Map.of("input", Map.of("id", v.projectId(), "name", "renamed"))));
        RULES.put("Mutation.deleteProject", rule(Access.ORGANIZATION, v -> Map.of("id", v.projectId())));
        RULES.put(
                "Mutation.saveGraph",
                rule(
                        Access.ORGANIZATION,
                        v -> Map.of(
                                "projectId",
                                v.projectId(),
                                "graph",
                                Map.of("nodes", List.of()),
                                "expectedVersion",
                                1)));
        RULES.put("Mutation.deployGraph", rule(Access.ORGANIZATION, v -> Map.of("projectId", v.projectId())));
        RULES.put("Mutation.promoteVersion", rule(Access.ORGANIZATION, v -> Map.of("versionId", v.graphId())));
        // traces and monitoring
        RULES.put("Query.traces", rule(Access.ORGANIZATION, v -> Map.of("projectId", v.projectId())));
        RULES.put("Query.trace", rule(Access.ORGANIZATION_OR_NULL, v -> Map.of("id", "0".repeat(31) + "1")));
        RULES.put("Query.projectKpis", rule(Access.ORGANIZATION, v -> Map.of("projectId", v.projectId())));
        RULES.put("Query.projectCharts", rule(Access.ORGANIZATION, v -> Map.of("projectId", v.projectId())));
        // runs
        RULES.put(
                "Mutation.runProject",
                rule(
                        Access.ORGANIZATION,
                        v -> Map.of("projectId", v.projectId(), "environment", "DRAFT", "input", Map.of())));
        RULES.put("Query.run", rule(Access.ORGANIZATION, v -> Map.of("id", v.runId())));
        RULES.put("Query.runs", rule(Access.ORGANIZATION, v -> Map.of("projectId", v.projectId())));
        RULES.put("Mutation.cancelRun", rule(Access.ORGANIZATION, v -> Map.of("runId", v.runId())));
        RULES.put("Mutation.retryRun", rule(Access.ORGANIZATION, v -> Map.of("runId", v.runId())));
        RULES.put("Subscription.runEvents", rule(Access.ORGANIZATION, v -> Map.of("runId", v.runId())));
    }

    private static GraphQlClient anonymous;
    private static List<RootField> fields;

    record RootField(String operation, String type, String name, List<JsonNode> args, boolean scalar) {
        String key() {
            return type + "." + name;
        }

        String document() {
            StringBuilder vars = new StringBuilder();
            StringBuilder call = new StringBuilder();
            for (JsonNode arg : args) {
                String n = arg.get("name").asText();
                vars.append(vars.isEmpty() ? "" : ", ")
                        .append('$')
                        .append(n)
                        .append(": ")
                        .append(typeRef(arg.get("type")));
                call.append(call.isEmpty() ? "" : ", ").append(n).append(": $").append(n);
            }
            return operation + (vars.isEmpty() ? "" : "(" + vars + ")") + " { " + name
                    + (call.isEmpty() ? "" : "(" + call + ")") + (scalar ? "" : " { __typename }") + " }";
        }
    }

    @BeforeAll
    static void readSchema() {
        anonymous = SharedServer.client();
        String typeRef = "kind name ofType { kind name ofType { kind name ofType { kind name } } }";
        JsonNode schema = anonymous
                .data("{ __schema { queryType { name } mutationType { name } subscriptionType { name } "
                        + "types { name fields { name type { " + typeRef + " } args { name type { " + typeRef
                        + " } } } } } }")
                .get("__schema");
        fields = new ArrayList<>();
        Map<String, String> roots = Map.of(
                schema.path("queryType").path("name").asText(), "query",
                schema.path("mutationType").path("name").asText(), "mutation",
                schema.path("subscriptionType").path("name").asText(), "subscription");
        for (JsonNode type : schema.get("types")) {
            String operation = roots.get(type.get("name").asText());
            if (operation == null || type.get("fields").isNull()) {
                continue;
            }
            for (JsonNode field : type.get("fields")) {
                List<JsonNode> args = new ArrayList<>();
                field.get("args").forEach(args::add);
                fields.add(new RootField(
                        operation,
                        type.get("name").asText(),
                        field.get("name").asText(),
                        args,
                        isLeaf(field.get("type"))));
            }
        }
    }

    private static boolean isLeaf(JsonNode type) {
        JsonNode t = type;
        while (t.get("ofType") != null && !t.get("ofType").isNull()) {
            t = t.get("ofType");
        }
        String kind = t.get("kind").asText();
        return kind.equals("SCALAR") || kind.equals("ENUM");
    }

    private static String typeRef(JsonNode type) {
        return switch (type.get("kind").asText()) {
            case "NON_NULL" -> typeRef(type.get("ofType")) + "!";
            case "LIST" -> "[" + typeRef(type.get("ofType")) + "]";
            default -> type.get("name").asText();
        };
    }

    @Test
    void everyRootFieldHasAnAccessRule() {
        TreeSet<String> inSchema = new TreeSet<>();
        fields.forEach(f -> inSchema.add(f.key()));
        assertThat(inSchema)
                .as("root fields without a row in SchemaAccessIT.RULES (add one saying who may call them)")
                .isSubsetOf(RULES.keySet());
        assertThat(RULES.keySet())
                .as("rules for fields no longer in the schema")
                .isSubsetOf(inSchema);
        assertThat(fields).hasSizeGreaterThan(15);
    }

    @Test
    void anonymousCallersAreRefusedEverywhereButTheAllowlist() {
        Victim victim = new Victim(
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
        for (RootField field : fields) {
            Rule rule = RULES.get(field.key());
            if (rule == null
                    || (rule.access() == Access.PUBLIC && field.operation().equals("subscription"))) {
                continue; // missing rules fail the test above; public subscriptions stream over WebSocket
            }
            GraphQlClient.Response response =
                    anonymous.execute(field.document(), rule.arguments().apply(victim));
            if (rule.access() == Access.PUBLIC) {
                assertThat(response.body().toString())
                        .as(field.key() + " is public")
                        .doesNotContain("sign in to use");
            } else {
                assertThat(response.errorCode())
                        .as(field.key() + " anonymously")
                        .isEqualTo("UNAUTHENTICATED");
            }
        }
    }

    @Test
    void membersOfAnotherOrganizationAreRefused() {
        GraphQlClient owner = Users.newUser(anonymous, "victim-owner");
        GraphQlClient victimMember = Users.newUser(anonymous, "victim-member");
        String orgId = owner.data("mutation{ createOrganization(name:\"Victim\"){ id } }")
                .get("createOrganization")
                .get("id")
                .asText();
        String memberId = owner.data(
                        "mutation($o:ID!,$e:String!){ addMember(organizationId:$o, email:$e, role:MEMBER){ userId } }",
                        Map.of("o", orgId, "e", Users.emailOf(victimMember)))
                .get("addMember")
                .get("userId")
                .asText();
        owner.data(
                "mutation($o:ID!){ setOrganizationSecret(organizationId:$o, key:\"openai_api_key\", value:\"sk-victim\", type:LLM_API_KEY){ key } }",
                Map.of("o", orgId));
        JsonNode project = owner.data(
                        "mutation($o:ID!){ createProject(input:{organizationId:$o, name:\"Secret plans\"}){ id draft { id } } }",
                        Map.of("o", orgId))
                .get("createProject");
        String projectId = project.get("id").asText();
        String keyId = owner.data(
                        "mutation($p:ID!){ createApiKey(projectId:$p, name:\"ci\"){ apiKey { id } } }",
                        Map.of("p", projectId))
                .at("/createApiKey/apiKey/id")
                .asText();
        String runId = owner.data(
                        "mutation($p:ID!){ runProject(projectId:$p, environment:DRAFT, input:{}){ id status } }",
                        Map.of("p", projectId))
                .at("/runProject/id")
                .asText();
        Victim victim = new Victim(
                orgId, projectId, keyId, memberId, project.at("/draft/id").asText(), runId);

        GraphQlClient outsider = Users.newUser(anonymous, "outsider");
        outsider.data("mutation{ createOrganization(name:\"Outsider's\"){ id } }");
        for (RootField field : fields) {
            Rule rule = RULES.get(field.key());
            if (rule == null || rule.access() == Access.PUBLIC) {
                continue;
            }
            GraphQlClient.Response response =
                    outsider.execute(field.document(), rule.arguments().apply(victim));
            if (rule.access() == Access.ORGANIZATION_OR_NULL && response.errorCode() == null) {
                assertThat(response.body().path("data").path(field.name()).isNull())
                        .as(field.key() + " by a member of another organization: " + response.body())
                        .isTrue();
                continue;
            }
            if (rule.access() == Access.SELF) {
                assertThat(response.body().has("errors"))
                        .as(field.key() + ": " + response.body())
                        .isFalse();
                assertThat(response.body().toString()).as(field.key()).doesNotContain(orgId);
            } else {
                assertThat(response.errorCode())
                        .as(field.key() + " by a member of another organization: " + response.body())
                        .isIn("FORBIDDEN", "NOT_FOUND");
                assertThat(response.body().toString()).doesNotContain("sk-victim");
            }
        }
        // nothing of the victim changed
        assertThat(owner.data("query($o:ID!){ members(organizationId:$o){ role } }", Map.of("o", orgId))
                        .get("members"))
                .hasSize(2);
        assertThat(owner.data("query($p:ID!){ project(id:$p){ name } }", Map.of("p", projectId))
                        .at("/project/name")
                        .asText())
                .isEqualTo("Secret plans");
    }
}
