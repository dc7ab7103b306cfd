package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.draftnrun.bootstrap.Commands;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MCP Tool component (ADR 0020) in an agent, against the built jar: a minimal MCP server started by the test
 * (Streamable HTTP, JSON and SSE answers, a session id) offers two tools, one allowed; the scripted model asks for
 * the first tool offered, the agent calls it on the MCP server with the Authorization header from an organization
 * secret, and answers once it has the tool's result, which the model was shown. The server's tools are listed once
 * per run. An MCP server on a private address (not allow-listed) is refused: the model is told so as the tool's
 * output and the run goes on.
 */
class McpToolIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "mcp-secret-token-1234";
    private static final String MCP_TOOL = "9d3a6c8e-52b1-4f0e-8a47-3c1d2e5f7a90";
    private static ToolCallingStub llm;
    private static HttpServer mcp;
    private static Commands.Running server;
    private static GraphQlClient admin;
    private static final List<String> authorizations = new CopyOnWriteArrayList<>();
    private static final List<String> methods = new CopyOnWriteArrayList<>();
    private static final AtomicInteger listings = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        llm = new ToolCallingStub();
        mcp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        mcp.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        mcp.createContext("/mcp", McpToolIT::handle);
        mcp.start();
        server = SharedServer.startDedicated(Map.of(
                "OPENAI_API_KEY", "sk-test",
                "OPENAI_BASE_URL", llm.baseUrl(),
                "API_CALL_ALLOWED_HOSTS", "127.0.0.1"));
        admin = Users.admin(new GraphQlClient(server.server().baseUrl()));
    }

    @AfterAll
    static void stop() {
        server.close();
        mcp.stop(0);
        llm.close();
    }

    /** A minimal MCP server: initialize (with a session id), tools/list, tools/call (answered as SSE). */
    private static void handle(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            methods.add(exchange.getRequestMethod());
            exchange.sendResponseHeaders(exchange.getRequestMethod().equals("DELETE") ? 200 : 405, -1);
            exchange.close();
            return;
        }
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        String method = request.path("method").asText();
        methods.add(method);
        if (!request.has("id")) {
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
            return;
        }
        Object result;
        boolean sse = false;
        switch (method) {
            case "initialize" -> {
                exchange.getResponseHeaders().add("Mcp-Session-Id", "session-1");
                result = Map.of(
                        "protocolVersion",
                                request.path("params").path("protocolVersion").asText(),
                        "capabilities", Map.of("tools", Map.of()),
                        "serverInfo", Map.of("name", "weather-server", "version", "1"));
            }
            case "tools/list" -> {
                listings.incrementAndGet();
                Map<String, Object> schema = Map.of(
                        "type", "object",
                        "properties", Map.of("query_param1", Map.of("type", "string")),
                        "required", List.of("query_param1"));
                result = Map.of(
                        "tools",
                        List.of(
                                Map.of(
                                        "name",
                                        "weather",
                                        "description",
                                        "The weather in a city.",
                                        "inputSchema",
                                        schema),
                                Map.of(
                                        "name",
                                        "delete_everything",
                                        "description",
                                        "Not allowed.",
                                        "inputSchema",
                                        schema)));
            }
            case "tools/call" -> {
                sse = true;
                String city = request.path("params")
                        .path("arguments")
                        .path("query_param1")
                        .asText();
                String tool = request.path("params").path("name").asText();
                result = Map.of(
                        "content",
                        List.of(Map.of("type", "text", "text", "Sunny in " + city + " (MCP tool " + tool + ")")),
                        "isError",
                        false);
            }
            default -> result = null;
        }
        Map<String, Object> answer = result == null
                ? Map.of(
                        "jsonrpc",
                        "2.0",
                        "id",
                        request.get("id").asLong(),
                        "error",
                        Map.of("code", -32601, "message", "no"))
                : Map.of("jsonrpc", "2.0", "id", request.get("id").asLong(), "result", result);
        byte[] body;
        if (sse) {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            body = ("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{}}\n\n"
                            + "event: message\ndata: " + JSON.writeValueAsString(answer) + "\n\n")
                    .getBytes(StandardCharsets.UTF_8);
        } else {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            body = JSON.writeValueAsBytes(answer);
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Flows.Project agentWithMcp(String org, String name, String url) {
        Flows.Graph graph = new Flows.Graph();
        String in = graph.input();
        String agent = graph.node(
                Flows.AI_AGENT,
                "Weather agent",
                false,
                Map.of("completion_model", "openai:gpt-4o-mini", "initial_prompt", "Answer about the weather."));
        String tool = graph.node(
                MCP_TOOL,
                "Weather MCP",
                false,
                Map.of(
                        "server_url", url,
                        "headers", Map.of("Authorization", "Bearer {{secret:mcp_token}}"),
                        "allowed_tools", List.of("weather")));
        graph.edge(in, agent).tool(agent, tool);
        return Flows.project(admin, org, name, graph);
    }

    private static JsonNode run(Flows.Project project) {
        return admin.data("""
                        mutation($p: ID!, $input: JSON!) {
                          runProject(projectId: $p, environment: PRODUCTION, input: $input) { id status message error }
                        }""", Map.of("p", project.id(), "input", Flows.hello()))
                .get("runProject");
    }

    private static String organizationWithSecret(String name) {
        String org = Flows.createOrganization(admin, name);
        admin.data("""
                mutation($o: ID!, $v: String!) {
                  setOrganizationSecret(organizationId: $o, key: "mcp_token", value: $v, type: PASSWORD) { key }
                }""", Map.of("o", org, "v", TOKEN));
        return org;
    }

    @Test
    void theAgentCallsTheAllowedToolOfTheMcpServerAndAnswersWithItsResult() {
        String org = organizationWithSecret("MCP users");
        Flows.Project project = agentWithMcp(
                org, "Weather", "http://127.0.0.1:" + mcp.getAddress().getPort() + "/mcp");
        int listedBefore = listings.get();

        JsonNode run = run(project);

        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("message").asText()).isEqualTo(ToolCallingStub.ANSWER);
        // the model saw the MCP tool's answer, from the allowed tool (the first, and only, one offered)
        assertThat(llm.toolResults).contains("Sunny in Paris (MCP tool weather)");
        // the header came from the organization secret, never shown back
        assertThat(authorizations).contains("Bearer " + TOKEN);
        assertThat(run.toString()).doesNotContain(TOKEN);
        // listed once for the run, called once; sessions closed
        assertThat(listings.get() - listedBefore).isEqualTo(1);
        assertThat(methods).contains("initialize", "notifications/initialized", "tools/list", "tools/call", "DELETE");
    }

    @Test
    void aPrivateAddressIsRefused() {
        String org = organizationWithSecret("MCP private");
        Flows.Project project = agentWithMcp(org, "Private", "http://10.20.30.40:8080/mcp");

        JsonNode run = run(project);

        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(llm.toolResults)
                .anySatisfy(
                        r -> assertThat(r).startsWith("MCP server unavailable:").contains("10.20.30.40"));
    }
}
