package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.bootstrap.Commands;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A deployed project as an MCP server (ADR 0020), driven by the official MCP Java SDK client over Streamable HTTP
 * against the built jar: with the project's API key it lists the project's one tool (named after the project,
 * described by it, its input schema from the Input block) and calls it, getting the run's answer and the run's
 * events as progress notifications; without a key, or with another project's key, it is refused.
 */
class McpServerIT {
    private static OpenAiStub stub;
    private static Commands.Running server;
    private static Flows.Project project;
    private static Flows.Project other;

    @BeforeAll
    static void start() throws Exception {
        stub = new OpenAiStub();
        server = SharedServer.startDedicated(Map.of("OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", stub.baseUrl()));
        GraphQlClient client = Users.admin(new GraphQlClient(server.server().baseUrl()));
        String org = Flows.createOrganization(client, "MCP org");
        project = Flows.project(client, org, "Pong answerer", Flows.inputThenLlm("{{input}}"));
        client.data(
                "mutation($in: UpdateProjectInput!) { updateProject(input: $in) { id } }",
                Map.of("in", Map.of("id", project.id(), "description", "Answers every question with pong.")));
        other = Flows.project(client, org, "Other", Flows.inputThenLlm("{{input}}"));
    }

    @AfterAll
    static void stop() {
        server.close();
        stub.close();
    }

    private static McpSyncClient client(String key, List<McpSchema.ProgressNotification> progress) {
        HttpRequest.Builder request = HttpRequest.newBuilder();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(
                        server.server().baseUrl().toString())
                .endpoint("/projects/" + project.id() + "/production/mcp")
                .requestBuilder(request)
                .build();
        return McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(30))
                .progressConsumer(progress::add)
                .build();
    }

    @Test
    void theSdkListsAndCallsTheProjectsTool() {
        List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
        try (McpSyncClient mcp = client(project.key(), progress)) {
            McpSchema.InitializeResult init = mcp.initialize();
            assertThat(init.capabilities().tools()).isNotNull();

            List<McpSchema.Tool> tools = mcp.listTools().tools();
            assertThat(tools).hasSize(1);
            McpSchema.Tool tool = tools.get(0);
            assertThat(tool.name()).isEqualTo("Pong_answerer");
            assertThat(tool.description()).isEqualTo("Answers every question with pong.");
            assertThat(tool.inputSchema()).containsEntry("type", "object");
            assertThat(tool.inputSchema().get("properties").toString()).contains("messages");

            McpSchema.CallToolResult result = mcp.callTool(McpSchema.CallToolRequest.builder()
                    .name(tool.name())
                    .arguments(Map.of("messages", List.of(Map.of("role", "user", "content", "ping"))))
                    .progressToken("p1")
                    .build());
            assertThat(result.isError()).isFalse();
            assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("pong");
            @SuppressWarnings("unchecked")
            Map<String, Object> structured = (Map<String, Object>) result.structuredContent();
            assertThat(structured.get("message")).isEqualTo("pong");
            assertThat(structured.get("run_id")).isNotNull();
            // the run's events came as progress notifications (the client may hand them over in any order)
            assertThat(progress).isNotEmpty();
            assertThat(progress).allMatch(p -> "p1".equals(p.progressToken()));
            assertThat(progress)
                    .extracting(McpSchema.ProgressNotification::message)
                    .contains("run started");
            assertThat(progress)
                    .extracting(McpSchema.ProgressNotification::progress)
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void progressIsSentInTheRunsOrderThenTheResult() throws Exception {
        HttpResponse<String> raw = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(server.server()
                                        .baseUrl()
                                        .resolve("/projects/" + project.id() + "/production/mcp"))
                                .header("Content-Type", "application/json")
                                .header("Accept", "application/json, text/event-stream")
                                .header("X-API-Key", project.key())
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":"
                                                + "{\"name\":\"Pong_answerer\",\"_meta\":{\"progressToken\":9},"
                                                + "\"arguments\":{\"messages\":[{\"role\":\"user\","
                                                + "\"content\":\"ping\"}]}}}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<com.fasterxml.jackson.databind.JsonNode> messages = raw.body()
                .lines()
                .filter(l -> l.startsWith("data: "))
                .map(l -> {
                    try {
                        return json.readTree(l.substring(6));
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
        List<Double> progress = messages.stream()
                .filter(m -> m.has("method"))
                .map(m -> m.get("params").get("progress").asDouble())
                .toList();
        assertThat(progress).isNotEmpty().isSorted().doesNotHaveDuplicates();
        com.fasterxml.jackson.databind.JsonNode last = messages.get(messages.size() - 1);
        assertThat(last.get("id").asInt()).isEqualTo(7);
        assertThat(last.get("result").get("content").get(0).get("text").asText())
                .isEqualTo("pong");
    }

    @Test
    void withoutAKeyTheServerAnswers401() throws Exception {
        HttpResponse<String> raw = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(server.server()
                                        .baseUrl()
                                        .resolve("/projects/" + project.id() + "/production/mcp"))
                                .header("Content-Type", "application/json")
                                .header("Accept", "application/json, text/event-stream")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(401);

        try (McpSyncClient mcp = client(null, new CopyOnWriteArrayList<>())) {
            assertThatThrownBy(mcp::initialize).hasStackTraceContaining("401");
        }
    }

    @Test
    void anotherProjectsKeyIsNotFound() throws Exception {
        HttpResponse<String> raw = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(server.server()
                                        .baseUrl()
                                        .resolve("/projects/" + project.id() + "/production/mcp"))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + other.key())
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(404);
        try (McpSyncClient mcp = client(other.key(), new CopyOnWriteArrayList<>())) {
            assertThatThrownBy(mcp::initialize).hasStackTraceContaining("404");
        }
    }
}
