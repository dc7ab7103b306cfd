package io.draftnrun.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible chat endpoint scripted for an agent: while the conversation holds no tool result it asks to
 * call the first offered tool with {@code {"query_param1": "Paris"}} (usage 20 prompt / 5 completion tokens); once a
 * tool result is present it answers "It is sunny in Paris." (usage 30 / 7). Streams when asked to. Keeps the
 * tool results it was sent.
 */
final class ToolCallingStub implements AutoCloseable {
    static final String ANSWER = "It is sunny in Paris.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    final List<String> toolResults = new CopyOnWriteArrayList<>();

    ToolCallingStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            boolean stream = request.path("stream").asBoolean(false);
            String toolResult = null;
            for (JsonNode message : request.path("messages")) {
                if (message.path("role").asText().equals("tool")) {
                    toolResult = message.path("content").asText();
                }
            }
            Map<String, Object> message;
            Map<String, Object> usage;
            String finish;
            if (toolResult == null) {
                String tool = request.path("tools")
                        .path(0)
                        .path("function")
                        .path("name")
                        .asText("api_call");
                message = Map.of(
                        "role",
                        "assistant",
                        "tool_calls",
                        List.of(Map.of(
                                "index",
                                0,
                                "id",
                                "call_1",
                                "type",
                                "function",
                                "function",
                                Map.of("name", tool, "arguments", "{\"query_param1\": \"Paris\"}"))));
                usage = Map.of("prompt_tokens", 20, "completion_tokens", 5, "total_tokens", 25);
                finish = "tool_calls";
            } else {
                toolResults.add(toolResult);
                message = Map.of("role", "assistant", "content", ANSWER);
                usage = Map.of("prompt_tokens", 30, "completion_tokens", 7, "total_tokens", 37);
                finish = "stop";
            }
            Map<String, Object> base = Map.of("id", "c1", "created", 1, "model", "gpt-4o-mini");
            if (stream) {
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    write(out, chunk(base, message, null, null));
                    write(out, chunk(base, Map.of(), finish, usage));
                    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                }
            } else {
                Map<String, Object> body = new java.util.HashMap<>(base);
                body.put("object", "chat.completion");
                body.put("choices", List.of(Map.of("index", 0, "message", message, "finish_reason", finish)));
                body.put("usage", usage);
                byte[] json = JSON.writeValueAsBytes(body);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, json.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(json);
                }
            }
        });
        server.start();
    }

    private static Map<String, Object> chunk(
            Map<String, Object> base, Map<String, Object> delta, String finish, Map<String, Object> usage) {
        Map<String, Object> body = new java.util.HashMap<>(base);
        body.put("object", "chat.completion.chunk");
        Map<String, Object> choice = new java.util.HashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("finish_reason", finish);
        body.put("choices", List.of(choice));
        if (usage != null) {
            body.put("usage", usage);
        }
        return body;
    }

    private static void write(OutputStream out, Map<String, Object> chunk) throws IOException {
        out.write(("data: " + JSON.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
