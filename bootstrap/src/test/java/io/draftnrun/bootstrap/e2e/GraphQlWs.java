package io.draftnrun.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A subscription over the graphql-transport-ws protocol with the JDK WebSocket client: connection_init (bearer token
 * in the payload), connection_ack, subscribe, then every {@code next} payload's data until {@code complete}.
 */
final class GraphQlWs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GraphQlWs() {}

    static List<JsonNode> subscribe(
            String url, String token, String query, Map<String, Object> variables, Duration timeout) throws Exception {
        List<JsonNode> data = new ArrayList<>();
        CompletableFuture<List<JsonNode>> done = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder buffer = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence text, boolean last) {
                buffer.append(text);
                if (last) {
                    try {
                        JsonNode message = JSON.readTree(buffer.toString());
                        buffer.setLength(0);
                        switch (message.get("type").asText()) {
                            case "connection_ack" ->
                                ws.sendText(
                                        JSON.writeValueAsString(Map.of(
                                                "id",
                                                "1",
                                                "type",
                                                "subscribe",
                                                "payload",
                                                Map.of("query", query, "variables", variables))),
                                        true);
                            case "next" -> {
                                if (message.get("payload").has("errors")) {
                                    done.completeExceptionally(new AssertionError("errors: " + message.get("payload")));
                                } else {
                                    data.add(message.get("payload").get("data"));
                                }
                            }
                            case "error" -> done.completeExceptionally(new AssertionError("error: " + message));
                            case "complete" -> {
                                done.complete(data);
                                ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
                            }
                            case "ping" -> ws.sendText("{\"type\":\"pong\"}", true);
                            default -> {}
                        }
                    } catch (Exception e) {
                        done.completeExceptionally(e);
                    }
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                done.completeExceptionally(new AssertionError("closed " + status + " " + reason));
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                done.completeExceptionally(error);
            }
        };
        WebSocket ws = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .subprotocols("graphql-transport-ws")
                .buildAsync(URI.create(url), listener)
                .get(10, TimeUnit.SECONDS);
        Map<String, Object> init = new HashMap<>();
        init.put("type", "connection_init");
        if (token != null) {
            init.put("payload", Map.of("Authorization", "Bearer " + token));
        }
        ws.sendText(JSON.writeValueAsString(init), true);
        try {
            return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            ws.abort();
        }
    }
}
