package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.draftnrun.bootstrap.Commands;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An AI Agent whose tool is an API Call to a local HTTP service, driven by a scripted LLM (tool call, then answer):
 * the run succeeds with the answer, its events show the tool call, its trace is the full tree with the LLM tokens
 * rolled up to the root, the monitoring KPIs and charts count it, and another organization's member reads none of it.
 */
class AgentToolTraceIT {
    private static ToolCallingStub llm;
    private static HttpServer weather;
    private static final List<String> weatherQueries = new CopyOnWriteArrayList<>();
    private static Commands.Running server;
    private static GraphQlClient admin;
    private static Flows.Project project;

    @BeforeAll
    static void start() throws Exception {
        llm = new ToolCallingStub();
        weather = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        weather.createContext("/weather", exchange -> {
            weatherQueries.add(String.valueOf(exchange.getRequestURI().getQuery()));
            byte[] body = "{\"forecast\": \"sunny\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        weather.start();
        server = SharedServer.startDedicated(Map.of(
                "OPENAI_API_KEY", "sk-test",
                "OPENAI_BASE_URL", llm.baseUrl(),
                "API_CALL_ALLOWED_HOSTS", "127.0.0.1"));
        admin = Users.admin(new GraphQlClient(server.server().baseUrl()));
        String org = Flows.createOrganization(admin, "Agents");
        Flows.Graph graph = new Flows.Graph();
        String in = graph.input();
        String agent = graph.node(
                Flows.AI_AGENT,
                "Weather agent",
                false,
                Map.of(
                        "completion_model",
                        "openai:gpt-4o-mini",
                        "initial_prompt",
                        "You answer weather questions with the api_call tool."));
        String tool = graph.node(
                Flows.API_CALL,
                "Weather API",
                false,
                Map.of("endpoint", "http://127.0.0.1:" + weather.getAddress().getPort() + "/weather", "method", "GET"));
        graph.edge(in, agent).tool(agent, tool);
        project = Flows.project(admin, org, "Weather", graph);
    }

    @AfterAll
    static void stop() {
        server.close();
        weather.stop(0);
        llm.close();
    }

    @Test
    void theAgentCallsItsToolAndTheRunIsTracedAndCounted() throws Exception {
        JsonNode run = admin.data(
                        """
                        mutation($p: ID!, $input: JSON!) {
                          runProject(projectId: $p, environment: PRODUCTION, input: $input) {
                            id status message error traceId
                          }
                        }""",
                        Map.of(
                                "p",
                                project.id(),
                                "input",
                                Map.of("messages", List.of(Map.of("role", "user", "content", "Weather in Paris?")))))
                .get("runProject");
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("message").asText()).isEqualTo(ToolCallingStub.ANSWER);
        assertThat(weatherQueries).anySatisfy(q -> assertThat(q).contains("query_param1=Paris"));
        assertThat(llm.toolResults).anySatisfy(r -> assertThat(r).contains("sunny"));

        // the events, replayed from the first one over graphql-transport-ws
        String url = server.server().baseUrl().toString().replace("http://", "ws://") + "/graphql";
        List<String> types = new ArrayList<>();
        for (JsonNode e : GraphQlWs.subscribe(
                url,
                admin.token(),
                "subscription($id: ID!) { runEvents(runId: $id) { type toolName } }",
                Map.of("id", run.get("id").asText()),
                Duration.ofSeconds(20))) {
            types.add(e.get("runEvents").get("type").asText());
        }
        assertThat(types).first().isEqualTo("RUN_STARTED");
        assertThat(types).containsSubsequence("TOOL_CALL_STARTED", "TOOL_CALL_FINISHED", "RUN_FINISHED");

        // the trace: written asynchronously, so await the whole tree
        String traceQuery = """
                query($id: ID!) { trace(id: $id) {
                  runId
                  root { name spanKind cumulativeLlmTokenCountPrompt cumulativeLlmTokenCountCompletion
                         children { name spanKind } }
                  spans { spanId parentId name spanKind llmTokenCountPrompt llmTokenCountCompletion }
                } }""";
        String traceId = run.get("traceId").asText();
        JsonNode trace = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> admin.data(traceQuery, Map.of("id", traceId)).get("trace"),
                        t -> !t.isNull()
                                && kinds(t).contains("TOOL")
                                && kinds(t).stream().filter("LLM"::equals).count() >= 2
                                && t.get("root")
                                                .get("cumulativeLlmTokenCountPrompt")
                                                .asLong()
                                        >= 50);
        assertThat(trace.get("runId").asText()).isEqualTo(run.get("id").asText());
        JsonNode root = trace.get("root");
        assertThat(root.get("name").asText()).isEqualTo("GraphRunner");
        List<String> nodeNames = new ArrayList<>();
        root.get("children").forEach(c -> nodeNames.add(c.get("name").asText()));
        assertThat(nodeNames).contains("Weather agent");
        long prompt = 0, completion = 0;
        for (JsonNode span : trace.get("spans")) {
            if (span.get("spanKind").asText().equals("LLM")) {
                prompt += span.get("llmTokenCountPrompt").asLong();
                completion += span.get("llmTokenCountCompletion").asLong();
            }
        }
        assertThat(prompt).isEqualTo(50);
        assertThat(completion).isEqualTo(12);
        assertThat(root.get("cumulativeLlmTokenCountPrompt").asLong()).isEqualTo(prompt);
        assertThat(root.get("cumulativeLlmTokenCountCompletion").asLong()).isEqualTo(completion);
        // the TOOL span hangs under the agent's node span, not at the root
        JsonNode toolSpan = null;
        for (JsonNode span : trace.get("spans")) {
            if (span.get("spanKind").asText().equals("TOOL")) {
                toolSpan = span;
            }
        }
        assertThat(toolSpan).isNotNull();
        assertThat(toolSpan.get("parentId").isNull()).isFalse();

        // monitoring
        JsonNode kpis = admin.data(
                        "query($p: ID!) { projectKpis(projectId: $p) { title value } }", Map.of("p", project.id()))
                .get("projectKpis");
        assertThat(kpi(kpis, "Total API Requests")).isGreaterThanOrEqualTo(1);
        assertThat(kpi(kpis, "Total Tokens Usage")).isGreaterThanOrEqualTo(62);
        JsonNode charts = admin.data(
                        "query($p: ID!) { projectCharts(projectId: $p) { id title data { labels datasets { label data } } } }",
                        Map.of("p", project.id()))
                .get("projectCharts");
        double calls = 0;
        for (JsonNode chart : charts) {
            for (JsonNode dataset : chart.get("data").get("datasets")) {
                if (dataset.get("label").asText().equals("Number of calls per day")) {
                    for (JsonNode v : dataset.get("data")) {
                        calls += v.asDouble();
                    }
                }
            }
        }
        assertThat(calls).isGreaterThanOrEqualTo(1);

        // another organization's member
        GraphQlClient stranger = Users.newUser(new GraphQlClient(server.server().baseUrl()), "stranger");
        Flows.createOrganization(stranger, "Elsewhere");
        GraphQlClient.Response hidden = stranger.execute(traceQuery, Map.of("id", traceId));
        assertThat(hidden.errorCode()).isNull();
        assertThat(hidden.body().at("/data/trace").isNull())
                .as("null, as for an unknown trace")
                .isTrue();
        assertThat(stranger.execute(
                                "query($p: ID!) { projectKpis(projectId: $p) { title } }", Map.of("p", project.id()))
                        .errorCode())
                .isIn("FORBIDDEN", "NOT_FOUND");
        assertThat(stranger.execute("query($p: ID!) { projectCharts(projectId: $p) { id } }", Map.of("p", project.id()))
                        .errorCode())
                .isIn("FORBIDDEN", "NOT_FOUND");
    }

    private static List<String> kinds(JsonNode trace) {
        List<String> kinds = new ArrayList<>();
        trace.get("spans").forEach(s -> kinds.add(s.get("spanKind").asText()));
        return kinds;
    }

    private static double kpi(JsonNode kpis, String title) {
        for (JsonNode kpi : kpis) {
            if (kpi.get("title").asText().equals(title)) {
                return kpi.get("value").asDouble();
            }
        }
        throw new AssertionError("no KPI " + title + " in " + kpis);
    }
}
