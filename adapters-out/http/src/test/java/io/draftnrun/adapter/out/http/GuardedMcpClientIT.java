package io.draftnrun.adapter.out.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.draftnrun.application.components.tools.port.McpToolServers;
import io.draftnrun.domain.run.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MCP client over a real server speaking only the older HTTP+SSE transport (GET event stream, messages POSTed to
 * the endpoint it names, answers on the stream): the client's Streamable HTTP initialize is refused with 405, it
 * falls back, lists and calls. And a private address is refused without an allow-list.
 */
class GuardedMcpClientIT {
    private HttpServer server;
    private volatile OutputStream stream;
    private final CountDownLatch streamOpen = new CountDownLatch(1);
    private final CountDownLatch streamClosed = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/sse", this::sse);
        server.createContext("/messages", this::message);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void sse(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("GET")) { // a 2024-11-05 server: no Streamable HTTP here
            exchange.sendResponseHeaders(405, -1);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        synchronized (this) {
            out.write("event: endpoint\ndata: /messages?sessionId=s1\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        stream = out;
        streamOpen.countDown();
        try {
            // held open until the client goes away: a write then fails
            while (true) {
                Thread.sleep(50);
                synchronized (this) {
                    out.write(": ping\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        } catch (IOException | InterruptedException e) {
            streamClosed.countDown();
        }
    }

    private void message(HttpExchange exchange) throws IOException {
        Map<String, Object> request =
                Json.parseObject(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(202, -1);
        exchange.close();
        Object id = request.get("id");
        if (id == null) {
            return;
        }
        Object result = switch (String.valueOf(request.get("method"))) {
            case "initialize" ->
                Map.of("protocolVersion", "2024-11-05", "capabilities", Map.of(), "serverInfo", Map.of("name", "old"));
            case "tools/list" ->
                Map.of(
                        "tools",
                        List.of(Map.of(
                                "name",
                                "echo",
                                "description",
                                "Echoes.",
                                "inputSchema",
                                Map.of("type", "object", "properties", Map.of("text", Map.of("type", "string"))))));
            case "tools/call" -> {
                Map<?, ?> params = (Map<?, ?>) request.get("params");
                Map<?, ?> arguments = (Map<?, ?>) params.get("arguments");
                yield Map.of("content", List.of(Map.of("type", "text", "text", "echo: " + arguments.get("text"))));
            }
            default -> Map.of();
        };
        String answer = Json.write(Map.of("jsonrpc", "2.0", "id", id, "result", result));
        try {
            streamOpen.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            stream.write(("event: message\ndata: " + answer + "\n\n").getBytes(StandardCharsets.UTF_8));
            stream.flush();
        }
    }

    private McpToolServers.Server here() {
        return new McpToolServers.Server(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sse"),
                Map.of(),
                Duration.ofSeconds(10));
    }

    @Test
    void theOlderSseTransportIsUsedWhenTheServerRefusesStreamableHttp() throws Exception {
        try (GuardedOutboundHttp http =
                new GuardedOutboundHttp(new GuardedOutboundHttp.Options(List.of("127.0.0.1"), 5, 1024 * 1024))) {
            GuardedMcpClient client = new GuardedMcpClient(http);
            List<McpToolServers.RemoteTool> tools = client.listTools(here());
            assertThat(tools).extracting(McpToolServers.RemoteTool::name).containsExactly("echo");
            assertThat(tools.getFirst().inputSchema()).containsKey("properties");

            McpToolServers.CallResult result = client.callTool(here(), "echo", Map.of("text", "hi"));
            assertThat(result.text()).isEqualTo("echo: hi");
            assertThat(result.isError()).isFalse();
            assertThat(streamClosed.await(10, TimeUnit.SECONDS))
                    .as("the event stream is closed after use")
                    .isTrue();
        }
    }

    @Test
    void aPrivateAddressIsRefusedWithoutAnAllowList() throws Exception {
        try (GuardedOutboundHttp http = new GuardedOutboundHttp(GuardedOutboundHttp.Options.defaults())) {
            GuardedMcpClient client = new GuardedMcpClient(http);
            assertThatThrownBy(() -> client.listTools(here()))
                    .isInstanceOf(McpToolServers.McpFailure.class)
                    .hasMessageContaining("127.0.0.1");
        }
    }
}
