package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.draftnrun.bootstrap.Commands;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs over HTTP and WebSocket against a dev-mode server whose LLM is an OpenAI-compatible stub and whose project
 * (Input → LLM Call) comes from DEV_PROJECTS_FILE: runProject, run, runs, the REST endpoint with its key checks and
 * server-sent events, and the runEvents subscription from the standard graphql-ws client (node).
 */
class RunIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "dev-admin-token";
    private static final String KEY = "taylor_project_key";
    private static final String OTHER_KEY = "taylor_other_key";
    private static final UUID PROJECT = UUID.randomUUID();
    private static final UUID OTHER = UUID.randomUUID();
    private static OpenAiStub stub;
    private static Commands.Running server;
    private static GraphQlClient client;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        stub = new OpenAiStub();
        String graph = """
                {"nodes": [
                   {"id": "in", "component": "Input", "name": "Input", "start": true,
                    "parameters": {"payload_schema": "{\\"messages\\": [], \\"lang\\": \\"en\\"}"}},
                   {"id": "llm", "component": "LLM Call", "name": "Answer",
                    "parameters": {"prompt_template": "({{lang}}) {{input}}", "completion_model": "openai:gpt-4o-mini"}}],
                 "edges": [{"source": "in", "target": "llm"}]}
                """;
        String org = UUID.randomUUID().toString();
        String file = """
                {"adminToken": "%s", "projects": [
                  {"id": "%s", "organizationId": "%s", "apiKey": "%s", "draft": %s, "production": %s},
                  {"id": "%s", "organizationId": "%s", "apiKey": "%s", "draft": %s}]}
                """.formatted(TOKEN, PROJECT, org, KEY, graph, graph, OTHER, org, OTHER_KEY, graph);
        Path projects = Files.createTempFile("dev-projects", ".json");
        Files.writeString(projects, file);
        server = SharedServer.startDedicated(Map.of(
                "DEV_PROJECTS_FILE", projects.toString(),
                "OPENAI_API_KEY", "sk-test",
                "OPENAI_BASE_URL", stub.baseUrl()));
        client = new GraphQlClient(server.server().baseUrl()).withToken(TOKEN);
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
        JsonNode run = client.data(RUN_PROJECT, Map.of("p", PROJECT.toString(), "input", hello()))
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
                        Map.of("p", PROJECT.toString()))
                .get("runs");
        assertThat(runs.get("edges").findValuesAsText("id"))
                .contains(run.get("id").asText());
    }

    @Test
    void anonymousCallersCannotRun() {
        var response = new GraphQlClient(server.server().baseUrl())
                .execute(RUN_PROJECT, Map.of("p", PROJECT.toString(), "input", hello()));
        assertThat(response.errorCode()).isEqualTo("UNAUTHENTICATED");
    }

    private static HttpResponse<String> rest(String key, UUID project, String accept) throws Exception {
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
        assertThat(rest(null, PROJECT, "application/json").statusCode()).isEqualTo(401);
        assertThat(rest("taylor_unknown", PROJECT, "application/json").statusCode())
                .isEqualTo(401);
        assertThat(rest(OTHER_KEY, PROJECT, "application/json").statusCode()).isEqualTo(403);

        HttpResponse<String> ok = rest("\"" + KEY + "\"", PROJECT, "application/json");
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(ok.body());
        assertThat(body.get("message").asText()).isEqualTo("pong");
        assertThat(body.get("error").isNull()).isTrue();
        assertThat(body.get("artifacts").isObject()).isTrue();
    }

    @Test
    void restRunStreamsServerSentEvents() throws Exception {
        HttpResponse<String> sse = rest(KEY, PROJECT, "text/event-stream");
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
        JsonNode run = client.data(RUN_PROJECT, Map.of("p", PROJECT.toString(), "input", hello(), "wait", false))
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
                        node.toString(), "sub.js", url, TOKEN, run.get("id").asText())
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
