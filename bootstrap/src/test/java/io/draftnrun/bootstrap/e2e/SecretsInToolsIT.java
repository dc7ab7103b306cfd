package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.draftnrun.bootstrap.Commands;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * An API Call tool whose {@code Authorization} header comes from an organization secret ({@code {{secret:name}}},
 * ADR 0015): the local service receives the header, and the stored graph, the run's answer and events, its trace and
 * the server's logs hold no trace of the value, although the service echoes the header back.
 */
class SecretsInToolsIT {
    private static final String TOKEN = "crm-" + UUID.randomUUID();
    private static ToolCallingStub llm;
    private static HttpServer crm;
    private static final List<String> authorizations = new CopyOnWriteArrayList<>();
    private static Commands.Running server;
    private static GraphQlClient admin;
    private static ListAppender<ILoggingEvent> logs;

    @BeforeAll
    static void start() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        llm = new ToolCallingStub();
        crm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        crm.createContext("/customers", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(authorization));
            // an API that echoes what it received: the secret must not come back through the tool's output
            byte[] body = ("{\"customer\": \"Ada\", \"seen_authorization\": \"" + authorization + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("X-Echo", String.valueOf(authorization));
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        crm.start();
        server = SharedServer.startDedicated(Map.of(
                "OPENAI_API_KEY", "sk-test",
                "OPENAI_BASE_URL", llm.baseUrl(),
                "API_CALL_ALLOWED_HOSTS", "127.0.0.1"));
        admin = Users.admin(new GraphQlClient(server.server().baseUrl()));
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        server.close();
        crm.stop(0);
        llm.close();
    }

    @Test
    void anAuthorizationHeaderFromASecretReachesTheServiceAndNothingElse() throws Exception {
        String org = Flows.createOrganization(admin, "CRM users");
        admin.data("""
                mutation($o: ID!, $v: String!) {
                  setOrganizationSecret(organizationId: $o, key: "crm_token", value: $v, type: PASSWORD) { key }
                }""", Map.of("o", org, "v", TOKEN));
        Flows.Graph graph = new Flows.Graph();
        String in = graph.input();
        String agent = graph.node(
                Flows.AI_AGENT,
                "CRM agent",
                false,
                Map.of("completion_model", "openai:gpt-4o-mini", "initial_prompt", "Look customers up."));
        String tool = graph.node(
                Flows.API_CALL,
                "CRM API",
                false,
                Map.of(
                        "endpoint",
                        "http://127.0.0.1:" + crm.getAddress().getPort() + "/customers",
                        "method",
                        "GET",
                        "headers",
                        Map.of("Authorization", "Bearer {{secret:crm_token}}")));
        graph.edge(in, agent).tool(agent, tool);
        Flows.Project project = Flows.project(admin, org, "CRM", graph);

        JsonNode run = admin.data("""
                        mutation($p: ID!, $input: JSON!) {
                          runProject(projectId: $p, environment: PRODUCTION, input: $input) {
                            id status message error traceId output
                          }
                        }""", Map.of("p", project.id(), "input", Flows.hello()))
                .get("runProject");
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");

        // the service got the header, with the secret's value
        assertThat(authorizations).contains("Bearer " + TOKEN);
        // what the model was shown of the tool's answer: the echo, blanked
        assertThat(llm.toolResults).anySatisfy(r -> assertThat(r).contains("Ada", "Bearer [secret]"));
        assertThat(llm.toolResults).noneSatisfy(r -> assertThat(r).contains(TOKEN));
        assertThat(run.toString()).doesNotContain(TOKEN);

        // the stored graph keeps the placeholder, draft and production alike
        JsonNode stored = admin.data("""
                        query($p: ID!) { project(id: $p) {
                          draft { graph { nodes { name parameters { name value secretKey } } } }
                          production { graph { nodes { name parameters { name value secretKey } } } }
                        } }""", Map.of("p", project.id())).get("project");
        assertThat(stored.toString()).contains("{{secret:crm_token}}").doesNotContain(TOKEN);

        // the run's events, replayed from the first one
        String url = server.server().baseUrl().toString().replace("http://", "ws://") + "/graphql";
        List<JsonNode> events = GraphQlWs.subscribe(
                url,
                admin.token(),
                "subscription($id: ID!) { runEvents(runId: $id) { type toolName arguments output error reason } }",
                Map.of("id", run.get("id").asText()),
                Duration.ofSeconds(20));
        assertThat(events.toString()).contains("TOOL_CALL_FINISHED").doesNotContain(TOKEN);

        // the trace, written asynchronously: every span, with inputs, outputs, attributes and events
        String traceQuery = """
                query($id: ID!) { trace(id: $id) {
                  spans { name spanKind input output documents toolInfo statusMessage attributes events }
                } }""";
        JsonNode trace = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> admin.data(
                                        traceQuery,
                                        Map.of("id", run.get("traceId").asText()))
                                .get("trace"),
                        t -> !t.isNull() && t.toString().contains("\"TOOL\""));
        assertThat(trace.toString()).contains("Ada").doesNotContain(TOKEN);

        // and the server's logs
        assertThat(logs.list)
                .noneSatisfy(e -> assertThat(e.getFormattedMessage()
                                + (e.getThrowableProxy() == null
                                        ? ""
                                        : ThrowableProxyUtil.asString(e.getThrowableProxy())))
                        .contains(TOKEN));
    }
}
