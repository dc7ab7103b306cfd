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

    /** The JDK client refuses a send while the previous one is pending (the message would be lost): sends are chained. */
    private static final class Sends {
        private CompletableFuture<?> last = CompletableFuture.completedFuture(null);

        synchronized CompletableFuture<?> text(WebSocket ws, String text) {
            last = last.handle((r, e) -> null).thenCompose(x -> ws.sendText(text, true));
            return last;
        }

        synchronized CompletableFuture<?> close(WebSocket ws) {
            last = last.handle((r, e) -> null).thenCompose(x -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
            return last;
        }
    }

    static List<JsonNode> subscribe(
            String url, String token, String query, Map<String, Object> variables, Duration timeout) throws Exception {
        List<JsonNode> data = new ArrayList<>();
        CompletableFuture<List<JsonNode>> done = new CompletableFuture<>();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        Sends sends = new Sends();
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
                                sends.text(
                                        ws,
                                        JSON.writeValueAsString(Map.of(
                                                "id",
                                                "1",
                                                "type",
                                                "subscribe",
                                                "payload",
                                                Map.of("query", query, "variables", variables))));
                            case "next" -> {
                                if (message.get("payload").has("errors")) {
                                    done.completeExceptionally(new AssertionError("errors: " + message.get("payload")));
                                } else {
                                    data.add(message.get("payload").get("data"));
                                }
                            }
                            case "error" -> done.completeExceptionally(new AssertionError("error: " + message));
                            case "complete" -> done.complete(data);
                            case "ping" -> sends.text(ws, "{\"type\":\"pong\"}");
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
                closed.complete(null);
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
        sends.text(ws, JSON.writeValueAsString(init));
        try {
            return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            close(ws, sends, closed);
        }
    }

    /**
     * The first answer to a subscribe: the {@code next} or {@code error} message as received (type, id, payload), or a
     * {@code {"type":"close","code":...,"reason":...}} object when the server closed the connection first.
     */
    static JsonNode first(String url, String token, String query, Map<String, Object> variables, Duration timeout)
            throws Exception {
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        Sends sends = new Sends();
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
                            case "connection_ack" -> {
                                Map<String, Object> payload = new HashMap<>();
                                payload.put("query", query);
                                payload.put("variables", variables);
                                sends.text(
                                        ws,
                                        JSON.writeValueAsString(
                                                Map.of("id", "1", "type", "subscribe", "payload", payload)));
                            }
                            case "next", "error" -> answer.complete(message);
                            case "ping" -> sends.text(ws, "{\"type\":\"pong\"}");
                            default -> {}
                        }
                    } catch (Exception e) {
                        answer.completeExceptionally(e);
                    }
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                closed.complete(null);
                answer.complete(JSON.valueToTree(Map.of("type", "close", "code", status, "reason", reason)));
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                answer.completeExceptionally(error);
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
        sends.text(ws, JSON.writeValueAsString(init));
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            close(ws, sends, closed);
        }
    }

    /** Closes as a well-behaved client does (a close frame, so the server gives the connection's places back). */
    private static void close(WebSocket ws, Sends sends, CompletableFuture<Void> closed) {
        try {
            if (!closed.isDone()) {
                sends.close(ws).get(5, TimeUnit.SECONDS);
                closed.get(5, TimeUnit.SECONDS); // the server's answer: it has seen the close
            }
        } catch (Exception e) {
            // closed by the server already
        } finally {
            ws.abort();
        }
    }
}
