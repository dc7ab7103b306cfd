package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Walks every root field of the executable schema (read by introspection over HTTP), queries, mutations and
 * subscriptions (over WebSocket), plus the REST run endpoint, and proves the visibility rule of ADR 0005:
 *
 * <ul>
 *   <li>anonymous callers are refused with UNAUTHENTICATED, except on the fields listed as public (with a reason);
 *   <li>whoever is not a member of an organization gets NOT_FOUND for anything of it, and the very same answer (code,
 *       message, shape) whether the id names an existing thing of that organization or a random one;
 *   <li>a malformed id (not a UUID, empty, huge) in any id argument or input field is VALIDATION, never INTERNAL, and
 *       leaves no error or stack trace in the log.
 * </ul>
 *
 * A field added to the schema without a row in {@link #RULES} fails the test: say who may call it and which ids reach
 * an organization's things. Fields that are public or not organization-scoped say why.
 */
class SchemaAccessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** How a field is protected. */
    enum Access {
        /** Callable anonymously (the allowlist); the rule says why. */
        PUBLIC,
        /** Any signed-in caller; acts only on the caller's own data or on data that is not an organization's. */
        SELF,
        /** Reaches an organization's things: NOT_FOUND for a non-member, the same for an existing and a random id. */
        ORGANIZATION,
        /** Reaches an organization's things by an id; a non-member gets null, as for an unknown id. */
        ORGANIZATION_OR_NULL,
        /** Platform super-admins only: FORBIDDEN for anyone else, whatever the id. */
        PLATFORM_ADMIN
    }

    /** Ids of one organization's things: the victim's, or random ones that name nothing. */
    record Target(
            String organizationId,
            String projectId,
            String apiKeyId,
            String memberId,
            String graphId,
            String runId,
            String traceId,
            String sourceId,
            String ingestionTaskId,
            String invitationId) {
        static Target random() {
            return new Target(
                    uuid(),
                    uuid(),
                    uuid(),
                    uuid(),
                    uuid(),
                    uuid(),
                    UUID.randomUUID().toString().replace("-", ""),
                    uuid(),
                    uuid(),
                    uuid());
        }

        private static String uuid() {
            return UUID.randomUUID().toString();
        }

        /** Each id, by the name of the component holding it (to compare answers about two targets). */
        Map<String, String> ids() {
            Map<String, String> ids = new LinkedHashMap<>();
            for (var component : Target.class.getRecordComponents()) {
                try {
                    ids.put(component.getName(), (String)
                            component.getAccessor().invoke(this));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return ids;
        }
    }

    record Rule(Access access, String reason, Function<Target, Map<String, Object>> arguments) {}

    private static final Map<String, Rule> RULES = new LinkedHashMap<>();

    private static void open(String field, String reason, Function<Target, Map<String, Object>> arguments) {
        RULES.put(field, new Rule(Access.PUBLIC, reason, arguments));
    }

    private static void self(String field, String reason, Function<Target, Map<String, Object>> arguments) {
        RULES.put(field, new Rule(Access.SELF, reason, arguments));
    }

    private static void organization(String field, Function<Target, Map<String, Object>> arguments) {
        RULES.put(field, new Rule(Access.ORGANIZATION, "", arguments));
    }

    private static void orNull(String field, Function<Target, Map<String, Object>> arguments) {
        RULES.put(field, new Rule(Access.ORGANIZATION_OR_NULL, "", arguments));
    }

    private static void platform(String field, Function<Target, Map<String, Object>> arguments) {
        RULES.put(field, new Rule(Access.PLATFORM_ADMIN, "", arguments));
    }

    static {
        // the system slice
        open("Query.serverInfo", "version and mode; where services live only for platform super-admins", t -> Map.of());
        open("Mutation.ping", "a transport check that touches nothing", t -> Map.of());
        open("Subscription.heartbeat", "a transport check that touches nothing", t -> Map.of());
        // signing in and joining: the credential is in the arguments
        open(
                "Mutation.login",
                "the password is the credential",
                t -> Map.of("email", "x@example.com", "password", "x"));
        open("Mutation.refreshToken", "the refresh token is the credential", t -> Map.of("refreshToken", "rt_unknown"));
        open(
                "Mutation.acceptInvitation",
                "the invitation token is the credential",
                t -> Map.of("token", "inv_unknown", "password", "a password"));
        open(
                "Mutation.changePassword",
                "the current password is the credential; a one-time password opens no session to call it with",
                t -> Map.of("email", "x@example.com", "currentPassword", "x", "newPassword", "y-y-y-y-y"));
        open(
                "Mutation.signUp",
                "open sign-up, refused unless OPEN_SIGNUP is on",
                t -> Map.of("email", "x@example.com", "password", "y-y-y-y-y"));
        // the caller's own things, or things of no organization
        self("Query.me", "the caller's own account", t -> Map.of());
        self("Query.organizations", "the caller's own organizations", t -> Map.of());
        self("Mutation.createOrganization", "a new organization of the caller's own", t -> Map.of("name", "Mine"));
        self("Query.llmModels", "the server's model list belongs to no organization", t -> Map.of());
        self("Query.templates", "the template organization's deployed projects are offered to everyone", t -> Map.of());
        // organizations, members, keys, secrets, invitations
        organization("Query.organization", t -> Map.of("id", t.organizationId()));
        organization("Query.members", t -> Map.of("organizationId", t.organizationId()));
        organization("Query.apiKeys", t -> Map.of("projectId", t.projectId()));
        organization("Query.organizationSecrets", t -> Map.of("organizationId", t.organizationId()));
        organization("Query.invitations", t -> Map.of("organizationId", t.organizationId()));
        organization(
                "Mutation.addMember",
                t -> Map.of("organizationId", t.organizationId(), "email", "x@example.com", "role", "ADMIN"));
        organization(
                "Mutation.inviteMember",
                t -> Map.of("organizationId", t.organizationId(), "email", "x@example.com", "role", "ADMIN"));
        organization("Mutation.revokeInvitation", t -> Map.of("id", t.invitationId()));
        organization(
                "Mutation.createUser",
                t -> Map.of("organizationId", t.organizationId(), "email", "planted@example.com", "role", "ADMIN"));
        organization(
                "Mutation.changeMemberRole",
                t -> Map.of("organizationId", t.organizationId(), "userId", t.memberId(), "role", "USER"));
        organization(
                "Mutation.removeMember", t -> Map.of("organizationId", t.organizationId(), "userId", t.memberId()));
        platform("Mutation.deleteUser", t -> Map.of("userId", t.memberId()));
        organization("Mutation.createApiKey", t -> Map.of("projectId", t.projectId(), "name", "stolen"));
        organization("Mutation.revokeApiKey", t -> Map.of("id", t.apiKeyId()));
        organization(
                "Mutation.setOrganizationSecret",
                t -> Map.of(
                        "organizationId", t.organizationId(),
                        "key", "openai_api_key",
                        "value", "overwritten",
                        "type", "LLM_API_KEY"));
        organization(
                "Mutation.deleteOrganizationSecret",
                t -> Map.of("organizationId", t.organizationId(), "key", "openai_api_key"));
        // knowledge
        organization("Query.sources", t -> Map.of("organizationId", t.organizationId()));
        organization("Query.ingestionTasks", t -> Map.of("organizationId", t.organizationId()));
        organization("Query.ingestionTask", t -> Map.of("id", t.ingestionTaskId()));
        organization("Query.documents", t -> Map.of("sourceId", t.sourceId()));
        // a document id is not a UUID: the victim's source id stands for one (unknown either way, same answer)
        organization("Query.chunks", t -> Map.of("documentId", t.sourceId()));
        organization(
                "Mutation.createSource",
                t -> Map.of("input", Map.of("organizationId", t.organizationId(), "name", "stolen", "type", "FILES")));
        organization("Mutation.deleteSource", t -> Map.of("id", t.sourceId()));
        organization(
                "Mutation.updateSourceChunking",
                t -> Map.of("sourceId", t.sourceId(), "chunkSize", 128, "chunkOverlap", 16));
        organization("Mutation.uploadFiles", t -> Map.of("sourceId", t.sourceId(), "files", List.of()));
        organization("Mutation.ingestSource", t -> Map.of("sourceId", t.sourceId()));
        organization("Subscription.ingestionTaskUpdates", t -> Map.of("organizationId", t.organizationId()));
        // projects, graphs and the catalog
        organization("Query.componentCatalog", t -> Map.of("organizationId", t.organizationId()));
        organization("Query.projects", t -> Map.of("organizationId", t.organizationId()));
        organization("Query.project", t -> Map.of("id", t.projectId()));
        organization("Query.graph", t -> Map.of("id", t.graphId()));
        organization(
                "Mutation.createProject",
                t -> Map.of(
                        "input",
                        Map.of(
                                "organizationId",
                                t.organizationId(),
                                "name",
                                "planted",
                                "fromTemplate",
                                t.projectId())));
        organization("Mutation.updateProject", t -> Map.of("input", Map.of("id", t.projectId(), "name", "renamed")));
        organization("Mutation.deleteProject", t -> Map.of("id", t.projectId()));
        organization(
                "Mutation.saveGraph",
                t -> Map.of("projectId", t.projectId(), "graph", oneNodeGraph(t), "expectedVersion", 1));
        organization("Mutation.deployGraph", t -> Map.of("projectId", t.projectId()));
        organization("Mutation.promoteVersion", t -> Map.of("versionId", t.graphId()));
        // traces and monitoring
        organization("Query.traces", t -> Map.of("projectId", t.projectId()));
        orNull("Query.trace", t -> Map.of("id", t.traceId()));
        organization("Query.projectKpis", t -> Map.of("projectId", t.projectId()));
        organization("Query.projectCharts", t -> Map.of("projectId", t.projectId()));
        // runs
        organization(
                "Mutation.runProject",
                t -> Map.of("projectId", t.projectId(), "environment", "DRAFT", "input", Map.of()));
        organization("Query.run", t -> Map.of("id", t.runId()));
        organization("Query.runs", t -> Map.of("projectId", t.projectId()));
        organization("Mutation.cancelRun", t -> Map.of("runId", t.runId()));
        organization("Mutation.retryRun", t -> Map.of("runId", t.runId()));
        organization("Subscription.runEvents", t -> Map.of("runId", t.runId()));
    }

    /** A graph with one node, one relationship and one edge, so that every id input field has a value to spoil. */
    private static Map<String, Object> oneNodeGraph(Target t) {
        String node = "1b8a3e52-5d0f-4f59-9a1c-6f3f5d1e2a10";
        return Map.of(
                "id", t.graphId(),
                "nodes", List.of(Map.of("id", node, "componentId", Flows.INPUT, "isStartNode", true)),
                "relationships", List.of(Map.of("parentId", node, "childId", node, "slot", "tools")),
                "edges", List.of(Map.of("id", node, "sourceId", node, "targetId", node)));
    }

    private static GraphQlClient anonymous;
    private static String wsUrl;
    private static List<RootField> fields;
    /** Input object types by name: their fields' names and type references. */
    private static Map<String, JsonNode> inputTypes;

    record RootField(String operation, String type, String name, List<JsonNode> args, boolean scalar) {
        String key() {
            return type + "." + name;
        }

        boolean subscription() {
            return operation.equals("subscription");
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
        wsUrl = anonymous.baseUrl().toString().replace("http://", "ws://") + "/graphql";
        String typeRef = "kind name ofType { kind name ofType { kind name ofType { kind name } } }";
        JsonNode schema = anonymous
                .data("{ __schema { queryType { name } mutationType { name } subscriptionType { name } "
                        + "types { name kind fields { name type { " + typeRef + " } args { name type { " + typeRef
                        + " } } } inputFields { name type { " + typeRef + " } } } } }")
                .get("__schema");
        fields = new ArrayList<>();
        inputTypes = new HashMap<>();
        Map<String, String> roots = Map.of(
                schema.path("queryType").path("name").asText(), "query",
                schema.path("mutationType").path("name").asText(), "mutation",
                schema.path("subscriptionType").path("name").asText(), "subscription");
        for (JsonNode type : schema.get("types")) {
            if (type.get("kind").asText().equals("INPUT_OBJECT")) {
                inputTypes.put(type.get("name").asText(), type.get("inputFields"));
            }
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

    private static JsonNode named(JsonNode type) {
        JsonNode t = type;
        while (t.get("ofType") != null && !t.get("ofType").isNull()) {
            t = t.get("ofType");
        }
        return t;
    }

    private static boolean isLeaf(JsonNode type) {
        String kind = named(type).get("kind").asText();
        return kind.equals("SCALAR") || kind.equals("ENUM");
    }

    private static String typeRef(JsonNode type) {
        return switch (type.get("kind").asText()) {
            case "NON_NULL" -> typeRef(type.get("ofType")) + "!";
            case "LIST" -> "[" + typeRef(type.get("ofType")) + "]";
            default -> type.get("name").asText();
        };
    }

    /** Runs a field over HTTP, or over WebSocket for a subscription; the answer as a client sees it. */
    private static JsonNode call(RootField field, String token, Map<String, Object> arguments) {
        if (field.subscription()) {
            try {
                JsonNode message = GraphQlWs.first(wsUrl, token, field.document(), arguments, Duration.ofSeconds(30));
                // an error before the stream is an `error` message; a refused stream a `next` with errors
                return switch (message.get("type").asText()) {
                    case "error" -> JSON.createObjectNode().set("errors", message.get("payload"));
                    case "next" -> message.get("payload");
                    default -> message; // closed by the server: the close code and reason
                };
            } catch (Exception e) {
                throw new AssertionError(field.key() + " over WebSocket", e);
            }
        }
        GraphQlClient client = token == null ? anonymous : anonymous.withToken(token);
        return client.execute(field.document(), arguments).body();
    }

    private static String code(JsonNode answer) {
        JsonNode errors = answer.get("errors");
        return errors == null || errors.isEmpty()
                ? null
                : errors.get(0).path("extensions").path("code").asText();
    }

    /** The answer with every id of {@code target} replaced by its name, to compare answers about two targets. */
    private static String normalised(JsonNode answer, Target target) {
        String text = answer.toString();
        for (Map.Entry<String, String> id : target.ids().entrySet()) {
            text = text.replace(id.getValue(), "<" + id.getKey() + ">");
        }
        return text;
    }

    @Test
    void everyRootFieldIsClassifiedAndEveryExceptionSaysWhy() {
        TreeSet<String> inSchema = new TreeSet<>();
        fields.forEach(f -> inSchema.add(f.key()));
        assertThat(inSchema)
                .as("root fields without a row in SchemaAccessIT.RULES (add one saying who may call them)")
                .isSubsetOf(RULES.keySet());
        assertThat(RULES.keySet())
                .as("rules for fields no longer in the schema")
                .isSubsetOf(inSchema);
        RULES.forEach((field, rule) -> {
            if (rule.access() == Access.PUBLIC || rule.access() == Access.SELF) {
                assertThat(rule.reason())
                        .as(field + " is not organization-scoped: say why")
                        .isNotBlank();
            }
        });
        assertThat(fields).hasSizeGreaterThan(40);
        // ids of projects are made by the server: a client's id could only tell whether it is taken
        assertThat(inputTypes.get("CreateProjectInput").findValuesAsText("name"))
                .doesNotContain("id");
    }

    @Test
    void anonymousCallersAreRefusedEverywhereButTheAllowlist() {
        Target target = Target.random();
        for (RootField field : fields) {
            Rule rule = RULES.get(field.key());
            if (rule == null) {
                continue; // fails the classification test
            }
            JsonNode answer = call(field, null, rule.arguments().apply(target));
            if (rule.access() == Access.PUBLIC) {
                assertThat(answer.toString()).as(field.key() + " is public").doesNotContain("sign in to use");
                assertThat(code(answer)).as(field.key() + ": " + answer).isNotEqualTo("INTERNAL");
            } else {
                assertThat(code(answer))
                        .as(field.key() + " anonymously: " + answer)
                        .isEqualTo("UNAUTHENTICATED");
            }
        }
    }

    /** An organization with one of everything, and its owner. */
    private static Target victim(GraphQlClient owner) throws Exception {
        GraphQlClient member = Users.newUser(anonymous, "victim-member");
        String orgId = Flows.createOrganization(owner, "Victim");
        String memberId = owner.data(
                        GraphQlDocuments.named("AddMember"), Map.of("o", orgId, "e", Users.emailOf(member)))
                .at("/addMember/userId")
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
        JsonNode run = owner.data(
                        "mutation($p:ID!){ runProject(projectId:$p, environment:DRAFT, input:{}){ id traceId } }",
                        Map.of("p", projectId))
                .get("runProject");
        String sourceId = owner.data(
                        "mutation($o:ID!){ createSource(input:{organizationId:$o, name:\"Handbook\"}){ id } }",
                        Map.of("o", orgId))
                .at("/createSource/id")
                .asText();
        String taskId = KnowledgeIT.multipartUpload(
                        owner.baseUrl(),
                        owner.token(),
                        sourceId,
                        List.of(new KnowledgeIT.FilePart(
                                "notes.txt", "text/plain", "secret notes".getBytes(StandardCharsets.UTF_8))))
                .at("/data/uploadFiles/id")
                .asText();
        String invitationId = owner.data(
                        "mutation($o:ID!){ inviteMember(organizationId:$o, email:\"soon@example.com\", role:MEMBER){ invitation { id } } }",
                        Map.of("o", orgId))
                .at("/inviteMember/invitation/id")
                .asText();
        String traceId = run.get("traceId").asText();
        await("the victim's trace is stored")
                .atMost(Duration.ofSeconds(60))
                .until(() -> !owner.data("query($t:ID!){ trace(id:$t){ id } }", Map.of("t", traceId))
                        .get("trace")
                        .isNull());
        return new Target(
                orgId,
                projectId,
                keyId,
                memberId,
                project.at("/draft/id").asText(),
                run.get("id").asText(),
                traceId,
                sourceId,
                taskId,
                invitationId);
    }

    @Test
    void outsidersGetTheSameNotFoundForAnExistingAndARandomIdEverywhere() throws Exception {
        GraphQlClient owner = Users.newUser(anonymous, "victim-owner");
        Target victim = victim(owner);
        Target random = Target.random();
        GraphQlClient outsider = Users.newUser(anonymous, "outsider");
        Flows.createOrganization(outsider, "Outsider's");
        for (RootField field : fields) {
            Rule rule = RULES.get(field.key());
            if (rule == null || rule.access() == Access.PUBLIC) {
                continue;
            }
            JsonNode existing = call(field, outsider.token(), rule.arguments().apply(victim));
            if (rule.access() == Access.SELF) {
                assertThat(existing.has("errors"))
                        .as(field.key() + ": " + existing)
                        .isFalse();
                assertThat(existing.toString()).as(field.key()).doesNotContain(victim.organizationId());
                continue;
            }
            JsonNode unknown = call(field, outsider.token(), rule.arguments().apply(random));
            assertThat(normalised(existing, victim))
                    .as(field.key() + ": an existing id of another organization is answered as a random one")
                    .isEqualTo(normalised(unknown, random));
            switch (rule.access()) {
                case ORGANIZATION ->
                    assertThat(code(existing)).as(field.key() + ": " + existing).isEqualTo("NOT_FOUND");
                case ORGANIZATION_OR_NULL -> {
                    assertThat(existing.has("errors"))
                            .as(field.key() + ": " + existing)
                            .isFalse();
                    assertThat(existing.path("data").path(field.name()).isNull())
                            .isTrue();
                }
                case PLATFORM_ADMIN ->
                    assertThat(code(existing)).as(field.key() + ": " + existing).isEqualTo("FORBIDDEN");
                default -> throw new IllegalStateException();
            }
            assertThat(existing.toString()).doesNotContain("sk-victim", "Secret plans", "Victim");
        }

        // the REST run endpoint, with the outsider's own valid key
        String outsiderOrg = Flows.createOrganization(outsider, "Outsider's keys");
        String ownProject = outsider.data(
                        "mutation($o:ID!){ createProject(input:{organizationId:$o, name:\"Mine\"}){ id } }",
                        Map.of("o", outsiderOrg))
                .at("/createProject/id")
                .asText();
        String key = outsider.data(
                        "mutation($p:ID!){ createApiKey(projectId:$p, name:\"mine\"){ key } }", Map.of("p", ownProject))
                .at("/createApiKey/key")
                .asText();
        HttpResponse<String> existing = rest(key, victim.projectId());
        HttpResponse<String> unknown = rest(key, random.projectId());
        assertThat(existing.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(existing.body().replace(victim.projectId(), "<projectId>"))
                .isEqualTo(unknown.body().replace(random.projectId(), "<projectId>"));

        // nothing of the victim changed
        assertThat(owner.data(
                                "query($o:ID!){ members(organizationId:$o){ role } }",
                                Map.of("o", victim.organizationId()))
                        .get("members"))
                .hasSize(2);
        assertThat(owner.data("query($p:ID!){ project(id:$p){ name } }", Map.of("p", victim.projectId()))
                        .at("/project/name")
                        .asText())
                .isEqualTo("Secret plans");
        assertThat(owner.data(
                                "query($o:ID!){ invitations(organizationId:$o){ id } }",
                                Map.of("o", victim.organizationId()))
                        .get("invitations"))
                .hasSize(1);
    }

    private static HttpResponse<String> rest(String key, String projectId) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(anonymous.baseUrl().resolve("/projects/" + projectId + "/draft/run"))
                        .header("Content-Type", "application/json")
                        .header("X-API-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void nodeIdsUsedInAnotherOrganizationsGraphAreNoObstacleAndRevealNothing() {
        GraphQlClient victimOwner = Users.newUser(anonymous, "node-victim");
        String victimOrg = Flows.createOrganization(victimOwner, "Node victim");
        JsonNode victimDraft = victimOwner
                .data(
                        "mutation($o:ID!){ createProject(input:{organizationId:$o, name:\"v\"}){ id draft { graph { nodes { id } } } } }",
                        Map.of("o", victimOrg))
                .get("createProject");
        String takenNodeId = victimDraft.at("/draft/graph/nodes/0/id").asText();

        GraphQlClient outsider = Users.newUser(anonymous, "node-outsider");
        String outsiderOrg = Flows.createOrganization(outsider, "Node outsider");
        JsonNode mine = outsider.data(
                        "mutation($o:ID!){ createProject(input:{organizationId:$o, name:\"o\"}){ id draft { id graph { version } } } }",
                        Map.of("o", outsiderOrg))
                .get("createProject");
        GraphQlClient.Response saved = outsider.execute(
                "mutation($p:ID!,$g:GraphInput!,$v:Long!){ saveGraph(projectId:$p, graph:$g, expectedVersion:$v){ nodes { id } } }",
                Map.of(
                        "p", mine.get("id").asText(),
                        "g",
                                Map.of(
                                        "id",
                                        mine.at("/draft/id").asText(),
                                        "nodes",
                                        List.of(Map.of(
                                                "id", takenNodeId, "componentId", Flows.INPUT, "isStartNode", true))),
                        "v", mine.at("/draft/graph/version").asLong()));
        assertThat(saved.body().has("errors")).as(saved.body().toString()).isFalse();
        assertThat(saved.body().at("/data/saveGraph/nodes/0/id").asText()).isEqualTo(takenNodeId);
    }

    @Test
    void malformedIdsAreValidationEverywhereAndLeaveNoStackTraceInTheLog() throws Exception {
        GraphQlClient owner = Users.newUser(anonymous, "malformed-owner");
        String orgId = Flows.createOrganization(owner, "Malformed");
        Target target = new Target(
                orgId,
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                "0".repeat(31) + "1",
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
        List<String> malformed = List.of("not-a-uuid", "", "1-1-1-1-1", "7".repeat(100_000));

        ch.qos.logback.classic.Logger root =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        List<LogRecord> julLogged = new CopyOnWriteArrayList<>();
        Handler jul = new Handler() {
            @Override
            public void publish(LogRecord record) {
                julLogged.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        java.util.logging.Logger.getLogger("").addHandler(jul);
        int checked = 0;
        try {
            for (RootField field : fields) {
                Rule rule = RULES.get(field.key());
                if (rule == null) {
                    continue;
                }
                Map<String, Object> valid = rule.arguments().apply(target);
                for (JsonNode arg : field.args()) {
                    for (List<Object> path : idPaths(arg.get("name").asText(), arg.get("type"), valid)) {
                        for (String bad : malformed) {
                            Map<String, Object> arguments = with(valid, path, bad);
                            JsonNode answer = call(field, owner.token(), arguments);
                            assertThat(code(answer))
                                    .as(field.key() + " with " + path + " = "
                                            + bad.substring(0, Math.min(bad.length(), 12)) + ": "
                                            + abbreviate(answer.toString()))
                                    .isEqualTo("VALIDATION");
                            assertThat(answer.toString().length())
                                    .as(field.key() + ": the value is not echoed")
                                    .isLessThan(2_000);
                            checked++;
                        }
                    }
                }
            }
            // the REST run endpoint's path id
            HttpResponse<String> rest = rest("taylor_unknown", "not-a-uuid");
            assertThat(rest.statusCode()).isIn(400, 401);
        } finally {
            root.detachAppender(logged);
            java.util.logging.Logger.getLogger("").removeHandler(jul);
        }
        assertThat(checked).as("id arguments and input fields tried").isGreaterThan(100);
        assertThat(logged.list.stream()
                        .filter(e ->
                                e.getThrowableProxy() != null || e.getLevel().isGreaterOrEqual(Level.ERROR))
                        .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()))
                .as("errors or stack traces logged while malformed ids were sent")
                .isEmpty();
        assertThat(julLogged.stream()
                        .filter(r -> r.getThrown() != null
                                || r.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                        .map(r -> r.getLoggerName() + ": " + r.getMessage()))
                .isEmpty();
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /**
     * Every place an id can be sent through argument {@code name}: the argument itself when it is an ID, and every
     * ID field of its input objects (nested objects, and the first item of lists of them, as present in {@code
     * valid}).
     */
    private static List<List<Object>> idPaths(String name, JsonNode type, Map<String, Object> valid) {
        List<List<Object>> paths = new ArrayList<>();
        collect(new ArrayList<>(List.of(name)), type, valid.get(name), paths, 0);
        return paths;
    }

    private static void collect(List<Object> path, JsonNode type, Object value, List<List<Object>> paths, int depth) {
        JsonNode named = named(type);
        boolean list = isList(type);
        if (named.get("name").asText().equals("ID") && !list) {
            paths.add(List.copyOf(path));
            return;
        }
        if (!named.get("kind").asText().equals("INPUT_OBJECT") || depth > 4) {
            return;
        }
        Object object = value;
        List<Object> at = new ArrayList<>(path);
        if (list) {
            if (!(value instanceof List<?> items) || items.isEmpty()) {
                return;
            }
            object = items.getFirst();
            at.add(0);
        }
        if (!(object instanceof Map<?, ?> fieldsPresent)) {
            return;
        }
        for (JsonNode field : inputTypes.get(named.get("name").asText())) {
            List<Object> next = new ArrayList<>(at);
            next.add(field.get("name").asText());
            collect(next, field.get("type"), fieldsPresent.get(field.get("name").asText()), paths, depth + 1);
        }
    }

    private static boolean isList(JsonNode type) {
        for (JsonNode t = type; t != null && !t.isNull(); t = t.get("ofType")) {
            if (t.get("kind").asText().equals("LIST")) {
                return true;
            }
        }
        return false;
    }

    /** A deep copy of {@code arguments} with {@code value} at {@code path}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> with(Map<String, Object> arguments, List<Object> path, Object value) {
        Map<String, Object> copy = JSON.convertValue(arguments, Map.class);
        Object node = copy;
        for (int i = 0; i < path.size() - 1; i++) {
            Object step = path.get(i);
            node = step instanceof Integer index
                    ? ((List<Object>) node).get(index)
                    : ((Map<String, Object>) node).get(step);
        }
        ((Map<String, Object>) node).put((String) path.getLast(), value);
        return copy;
    }
}
