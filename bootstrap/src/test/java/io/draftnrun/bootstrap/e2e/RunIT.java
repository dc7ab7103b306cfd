package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.draftnrun.bootstrap.Commands;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs over HTTP and WebSocket against a dev-mode server whose LLM is an OpenAI-compatible stub, set up as a client
 * would: the admin signs in, creates an organization, a project (Input → LLM Call) saved and deployed, and an API key;
 * then runProject, run, runs, the REST endpoint with its key checks and server-sent events, and the runEvents
 * subscription over graphql-transport-ws from the JDK WebSocket client and the standard graphql-ws client (node).
 */
class RunIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static OpenAiStub stub;
    private static Commands.Running server;
    private static GraphQlClient client;
    private static String token;
    private static Flows.Project project;
    private static Flows.Project other;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        stub = new OpenAiStub();
        server = SharedServer.startDedicated(Map.of("OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", stub.baseUrl()));
        client = Users.admin(new GraphQlClient(server.server().baseUrl()));
        token = client.token();
        String org = Flows.createOrganization(client, "Run org");
        project = Flows.project(client, org, "Answering", Flows.inputThenLlm("{{input}}"));
        other = Flows.project(client, org, "Other", Flows.inputThenLlm("{{input}}"));
    }

    @AfterAll
    static void stop() {
        server.close();
        stub.close();
    }

    private static final String RUN_PROJECT = """
            mutation($p: ID!, $input: JSON!, $wait: Boolean) {
              runProject(projectId: $p, environment: DRAFT, input: $input, wait: $wait) {
                id status message error artifacts durationMs
              }
            }""";

    private static Map<String, Object> hello() {
        return Map.of("messages", List.of(Map.of("role", "user", "content", "hello")));
    }

    @Test
    void runProjectReturnsTheFinishedRunAndItIsListed() {
        JsonNode run = client.data(RUN_PROJECT, Map.of("p", project.id(), "input", hello()))
                .get("runProject");
        assertThat(run.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.get("message").asText()).isEqualTo("pong");
        assertThat(run.get("error").isNull()).isTrue();

        JsonNode stored = client.data(
                        "query($id: ID!) { run(id: $id) { status input message } }",
                        Map.of("id", run.get("id").asText()))
                .get("run");
        assertThat(stored.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(stored.get("input").get("messages").get(0).get("content").asText())
                .isEqualTo("hello");
        JsonNode runs = client.data(
                        "query($p: ID!) { runs(projectId: $p, first: 50) { edges { node { id } } } }",
                        Map.of("p", project.id()))
                .get("runs");
        assertThat(runs.get("edges").findValuesAsText("id"))
                .contains(run.get("id").asText());
    }

    @Test
    void anonymousCallersCannotRun() {
        var response = new GraphQlClient(server.server().baseUrl())
                .execute(RUN_PROJECT, Map.of("p", project.id(), "input", hello()));
        assertThat(response.errorCode()).isEqualTo("UNAUTHENTICATED");
    }

    private static HttpResponse<String> rest(String key, String project, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        server.server().baseUrl().resolve("/projects/" + project + "/production/run"))
                .header("Content-Type", "application/json")
                .header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(hello())));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void restRunChecksTheKeyAndAnswersLikeTheReference() throws Exception {
        HttpResponse<String> anonymous = rest(null, project.id(), "application/json");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("X-Request-Id"))
                .as("every answer carries its request id")
                .hasValueSatisfying(id -> assertThat(id).hasSize(36));
        assertThat(rest("taylor_unknown", project.id(), "application/json").statusCode())
                .isEqualTo(401);
        assertThat(rest(other.key(), project.id(), "application/json").statusCode())
                .isEqualTo(403);

        HttpResponse<String> ok = rest("\"" + project.key() + "\"", project.id(), "application/json");
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(ok.body());
        assertThat(body.get("message").asText()).isEqualTo("pong");
        assertThat(body.get("error").isNull()).isTrue();
        assertThat(body.get("artifacts").isObject()).isTrue();
    }

    @Test
    void restRunWithoutWaitingIsQueuedAndExecuted() throws Exception {
        HttpResponse<String> accepted = HTTP.send(
                HttpRequest.newBuilder(server.server()
                                .baseUrl()
                                .resolve("/projects/" + project.id() + "/production/run?wait=false"))
                        .header("Content-Type", "application/json")
                        .header("X-API-Key", project.key())
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(hello())))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode body = JSON.readTree(accepted.body());
        assertThat(body.get("status").asText()).isEqualTo("QUEUED");
        String runId = body.get("run_id").asText();
        JsonNode run = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> client.data(
                                        "query($id: ID!) { run(id: $id) { status message attempt retryOf } }",
                                        Map.of("id", runId))
                                .get("run"),
                        r -> r.get("status").asText().equals("SUCCEEDED"));
        assertThat(run.get("message").asText()).isEqualTo("pong");
        assertThat(run.get("attempt").asInt()).isEqualTo(1);
        assertThat(run.get("retryOf").isNull()).isTrue();

        String metrics = HTTP.send(
                        HttpRequest.newBuilder(server.server().baseUrl().resolve("/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics).containsPattern("(?m)^draftnrun_run_queue_depth(\\{[^}]*\\})? 0\\.0$");
        assertThat(metrics).contains("draftnrun_run_queue_oldest_age_seconds");

        GraphQlClient.Response retry =
                client.execute("mutation($id: ID!) { retryRun(runId: $id) { id } }", Map.of("id", runId));
        assertThat(retry.errorCode()).as("a run that succeeded is not retried").isEqualTo("FAILED_PRECONDITION");
        assertThat(client.data(GraphQlDocuments.named("CancelRun"), Map.of("id", runId))
                        .get("cancelRun")
                        .asBoolean())
                .as("nothing to cancel")
                .isFalse();
    }

    @Test
    void restRunStreamsServerSentEvents() throws Exception {
        HttpResponse<String> sse = rest(project.key(), project.id(), "text/event-stream");
        assertThat(sse.statusCode()).isEqualTo(200);
        List<String> types = new ArrayList<>();
        for (String line : sse.body().split("\n")) {
            if (line.startsWith("event: ")) {
                types.add(line.substring(7));
            }
        }
        assertThat(types).first().isEqualTo("RUN_STARTED");
        assertThat(types).contains("TOKEN_DELTA").last().isEqualTo("RUN_FINISHED");
    }

    @Test
    void runProjectWithoutWaitingReturnsTheRunningRunAndTheJdkWebSocketClientFollowsIt() throws Exception {
        JsonNode run = client.data(RUN_PROJECT, Map.of("p", project.id(), "input", hello(), "wait", false))
                .get("runProject");
        assertThat(run.get("status").asText()).isIn("QUEUED", "RUNNING", "SUCCEEDED");
        String url = server.server().baseUrl().toString().replace("http://", "ws://") + "/graphql";
        List<JsonNode> events = GraphQlWs.subscribe(
                url,
                token,
                "subscription($id: ID!) { runEvents(runId: $id) { type sequence delta status } }",
                Map.of("id", run.get("id").asText()),
                Duration.ofSeconds(20));
        List<String> types = events.stream()
                .map(e -> e.get("runEvents").get("type").asText())
                .toList();
        assertThat(types).first().isEqualTo("RUN_STARTED");
        assertThat(types)
                .contains("NODE_STARTED", "TOKEN_DELTA", "NODE_FINISHED")
                .last()
                .isEqualTo("RUN_FINISHED");
        assertThat(events.stream().map(e -> e.get("runEvents").get("sequence").asLong()))
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, events.size())
                        .boxed()
                        .toList());
        assertThat(events.getLast().get("runEvents").get("status").asText()).isEqualTo("SUCCEEDED");
        StringBuilder streamed = new StringBuilder();
        events.stream()
                .filter(e -> e.get("runEvents").get("type").asText().equals("TOKEN_DELTA"))
                .forEach(e -> streamed.append(e.get("runEvents").get("delta").asText()));
        assertThat(streamed.toString()).isEqualTo("pong");
    }

    @Test
    void theGraphqlWsClientReceivesTheRunsEvents() throws Exception {
        Path node = findNode();
        if (node == null) {
            System.out.println("SKIPPED theGraphqlWsClientReceivesTheRunsEvents: node is not installed");
            return;
        }
        Path dir = Files.createTempDirectory("graphql-ws-client");
        Process install = new ProcessBuilder(
                        "npm", "install", "--silent", "--no-audit", "--no-fund", "graphql-ws@5", "ws")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String installLog = new String(install.getInputStream().readAllBytes());
        if (!install.waitFor(120, TimeUnit.SECONDS) || install.exitValue() != 0) {
            System.out.println("SKIPPED theGraphqlWsClientReceivesTheRunsEvents: npm install failed: " + installLog);
            return;
        }
        JsonNode run = client.data(RUN_PROJECT, Map.of("p", project.id(), "input", hello(), "wait", false))
                .get("runProject");
        String script = """
                const { createClient } = require('graphql-ws');
                const WebSocket = require('ws');
                const client = createClient({ url: process.argv[2], webSocketImpl: WebSocket,
                  connectionParams: { Authorization: 'Bearer ' + process.argv[3], token: process.argv[3] } });
                const types = [];
                client.subscribe({ query: 'subscription($id: ID!) { runEvents(runId: $id) { type sequence delta } }',
                                   variables: { id: process.argv[4] } }, {
                  next: (m) => { if (m.errors) { console.log('ERR ' + JSON.stringify(m.errors)); } else { types.push(m.data.runEvents.type); } },
                  error: (e) => { console.log('ERROR ' + JSON.stringify(e)); process.exit(2); },
                  complete: () => { console.log(types.join(',')); client.dispose(); process.exit(0); },
                });
                setTimeout(() => { console.log('TIMEOUT ' + types.join(',')); process.exit(3); }, 20000);
                """;
        Files.writeString(dir.resolve("sub.js"), script);
        String url = server.server().baseUrl().toString().replace("http://", "ws://") + "/graphql";
        Process sub = new ProcessBuilder(
                        node.toString(), "sub.js", url, token, run.get("id").asText())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(sub.getInputStream().readAllBytes()).strip();
        assertThat(sub.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sub.exitValue()).as(output).isZero();
        assertThat(output).startsWith("RUN_STARTED,NODE_STARTED").endsWith("NODE_FINISHED,RUN_FINISHED");
    }

    private static Path findNode() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "node");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
