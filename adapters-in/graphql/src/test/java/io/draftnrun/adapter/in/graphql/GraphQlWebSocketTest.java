package io.draftnrun.adapter.in.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.draftnrun.adapter.in.http.RequestAuthenticator;
import io.draftnrun.application.shared.ServerInfo;
import io.draftnrun.application.shared.SystemQueries;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The graphql-transport-ws protocol as a graphql-ws client speaks it, close codes included. */
class GraphQlWebSocketTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static WebServer server;
    private static URI uri;

    @BeforeAll
    static void start() {
        SystemQueries system = new SystemQueries(new ServerInfo("1", "dev", List.of()), List.of());
        GraphQlEngine engine = new GraphQlEngine(List.of(new SystemGraphQl(system)), GraphQlLimits.defaults());
        RequestAuthenticator authenticator = token -> token.map(t -> {
            if (!t.equals("good")) {
                throw new DomainException(ErrorCode.UNAUTHENTICATED, "invalid token");
            }
            return Actor.user(new UserId(UUID.randomUUID()), "", Map.of(), false);
        });
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .addRouting(WsRouting.builder()
                        .endpoint(
                                // generous: on a loaded machine a client's connection_init can take seconds to land
                                "/graphql", () -> new GraphQlWebSocket(engine, authenticator, Duration.ofSeconds(15))))
                .build()
                .start();
        uri = URI.create("ws://127.0.0.1:" + server.port() + "/graphql");
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static WebServer quickServer(Duration initTimeout) {
        SystemQueries system = new SystemQueries(new ServerInfo("1", "dev", List.of()), List.of());
        GraphQlEngine engine = new GraphQlEngine(List.of(new SystemGraphQl(system)), GraphQlLimits.defaults());
        return WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .addRouting(WsRouting.builder()
                        .endpoint(
                                "/graphql",
                                () -> new GraphQlWebSocket(engine, RequestAuthenticator.anonymous(), initTimeout)))
                .build()
                .start();
    }

    /** A client connection recording messages and the close code. */
    static final class Client implements WebSocket.Listener {
        final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        volatile String closeReason = "";
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        static Client connect(String... subprotocols) throws Exception {
            return connect(uri, subprotocols);
        }

        static Client connect(URI target, String... subprotocols) throws Exception {
            Client client = new Client();
            var builder = HttpClient.newHttpClient().newWebSocketBuilder();
            if (subprotocols.length > 0) {
                builder.subprotocols(
                        subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
            }
            client.socket = builder.buildAsync(target, client).get(10, TimeUnit.SECONDS);
            return client;
        }

        /** One send at a time: the JDK client refuses a send while another is pending. */
        synchronized void send(String json) {
            try {
                socket.sendText(json, true).join();
            } catch (RuntimeException e) {
                throw new AssertionError(
                        "send failed; close code " + closeCode.getNow(-1) + " subprotocol '" + socket.getSubprotocol()
                                + "'",
                        e);
            }
        }

        JsonNode next() throws Exception {
            JsonNode message = messages.poll(20, TimeUnit.SECONDS);
            assertThat(message).as("a message within 20 s").isNotNull();
            return message;
        }

        int awaitClose() throws Exception {
            return closeCode.get(20, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    if (message.path("type").asText().equals("ping")) {
                        send("{\"type\":\"pong\"}"); // the server's keep-alive
                    } else {
                        messages.add(message);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closeCode.complete(statusCode);
            return null;
        }
    }

    @Test
    void anInternalErrorCarriesTheUpgradeRequestsIdAsCorrelationId() throws Exception {
        GraphQlSlice broken = new GraphQlSlice() {
            @Override
            public List<String> schemaResources() {
                return List.of("graphql/testonly.graphqls");
            }

            @Override
            public Map<String, Class<? extends Record>> views() {
                return Map.of("Deep", DeepView.class);
            }

            @Override
            public void register(graphql.schema.idl.RuntimeWiring.Builder wiring) {
                wiring.type(
                        "Query",
                        b -> b.dataFetcher("broken", env -> {
                                    throw new IllegalStateException("password=hunter2 leaked in a bug");
                                })
                                .dataFetcher("secret", env -> null)
                                .dataFetcher("missing", env -> null)
                                .dataFetcher("deep", env -> null)
                                .dataFetcher("invalidThing", env -> null)
                                .dataFetcher("whoami", env -> null));
                wiring.type("Deep", b -> b.dataFetcher("next", env -> null));
            }
        };
        SystemQueries system = new SystemQueries(new ServerInfo("1", "dev", List.of()), List.of());
        GraphQlEngine engine = new GraphQlEngine(List.of(new SystemGraphQl(system), broken), GraphQlLimits.defaults());
        WebServer own = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .addRouting(WsRouting.builder()
                        .endpoint(
                                "/graphql",
                                () -> new GraphQlWebSocket(
                                        engine,
                                        token -> token.map(
                                                t -> Actor.user(new UserId(UUID.randomUUID()), "", Map.of(), false)),
                                        Duration.ofSeconds(15))))
                .build()
                .start();
        try {
            for (String sent : new String[] {"ws-client-7", "bad id with spaces"}) {
                Client client = new Client();
                client.socket = HttpClient.newHttpClient()
                        .newWebSocketBuilder()
                        .subprotocols(GraphQlWebSocket.SUBPROTOCOL)
                        .header("X-Request-Id", sent)
                        .buildAsync(URI.create("ws://127.0.0.1:" + own.port() + "/graphql"), client)
                        .get(10, TimeUnit.SECONDS);
                client.send("{\"type\":\"connection_init\",\"payload\":{\"Authorization\":\"Bearer good\"}}");
                assertThat(client.next().get("type").asText()).isEqualTo("connection_ack");
                client.send("{\"id\":\"b\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ broken }\"}}");
                JsonNode next = client.next();
                assertThat(next.at("/payload/errors/0/extensions/code").asText())
                        .isEqualTo("INTERNAL");
                String correlationId =
                        next.at("/payload/errors/0/extensions/correlationId").asText();
                if (sent.equals("ws-client-7")) {
                    assertThat(correlationId).isEqualTo(sent);
                } else {
                    assertThat(correlationId).as("a hostile id is replaced").hasSize(36);
                }
                assertThat(next.toString()).doesNotContain("hunter2");
                client.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            }
        } finally {
            own.stop();
        }
    }

    private static Client acknowledged(String token) throws Exception {
        Client client = Client.connect(GraphQlWebSocket.SUBPROTOCOL);
        assertThat(client.socket.getSubprotocol()).isEqualTo(GraphQlWebSocket.SUBPROTOCOL);
        client.send(
                token == null
                        ? "{\"type\":\"connection_init\"}"
                        : "{\"type\":\"connection_init\",\"payload\":{\"Authorization\":\"Bearer " + token + "\"}}");
        assertThat(client.next().get("type").asText()).isEqualTo("connection_ack");
        return client;
    }

    @Test
    void aSubscriptionStreamsNextMessagesThenCompletes() throws Exception {
        Client client = acknowledged("good");
        client.send("{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":"
                + "\"subscription { heartbeat(count: 3, intervalMs: 10) }\"}}");
        for (int i = 1; i <= 3; i++) {
            JsonNode next = client.next();
            assertThat(next.get("type").asText()).isEqualTo("next");
            assertThat(next.get("id").asText()).isEqualTo("1");
            assertThat(next.at("/payload/data/heartbeat").asInt()).isEqualTo(i);
        }
        JsonNode complete = client.next();
        assertThat(complete.get("type").asText()).isEqualTo("complete");
        client.send("{\"type\":\"ping\"}");
        assertThat(client.next().get("type").asText()).isEqualTo("pong");
    }

    @Test
    void queriesOverTheSocketGiveOneNextAndComplete() throws Exception {
        Client client = acknowledged(null);
        client.send("{\"id\":\"q\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ serverInfo { mode } }\"}}");
        JsonNode next = client.next();
        assertThat(next.at("/payload/data/serverInfo/mode").asText()).isEqualTo("dev");
        assertThat(client.next().get("type").asText()).isEqualTo("complete");
        client.send("{\"id\":\"bad\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ nope }\"}}");
        JsonNode error = client.next();
        assertThat(error.get("type").asText()).isEqualTo("error");
        assertThat(error.at("/payload/0/extensions/code").asText()).isEqualTo("VALIDATION");
    }

    @Test
    void theClientCanStopASubscription() throws Exception {
        Client client = acknowledged(null);
        client.send("{\"id\":\"s\",\"type\":\"subscribe\",\"payload\":{\"query\":"
                + "\"subscription { heartbeat(count: 100, intervalMs: 50) }\"}}");
        assertThat(client.next().get("type").asText()).isEqualTo("next");
        client.send("{\"id\":\"s\",\"type\":\"complete\"}");
        client.send("{\"type\":\"ping\"}");
        JsonNode message;
        do {
            message = client.next();
        } while (message.get("type").asText().equals("next"));
        assertThat(message.get("type").asText()).isEqualTo("pong");
        assertThat(client.messages.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void protocolViolationsCloseWithTheirCodes() throws Exception {
        Client noInit = Client.connect(GraphQlWebSocket.SUBPROTOCOL);
        noInit.send("{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ serverInfo { mode } }\"}}");
        assertThat(noInit.awaitClose()).isEqualTo(4401);

        Client twice = acknowledged(null);
        twice.send("{\"type\":\"connection_init\"}");
        assertThat(twice.awaitClose()).isEqualTo(4429);

        Client garbage = acknowledged(null);
        garbage.send("not json");
        assertThat(garbage.awaitClose()).isEqualTo(4400);

        Client duplicate = acknowledged(null);
        String subscribe = "{\"id\":\"d\",\"type\":\"subscribe\",\"payload\":{\"query\":"
                + "\"subscription { heartbeat(count: 50, intervalMs: 100) }\"}}";
        duplicate.send(subscribe);
        duplicate.send(subscribe);
        assertThat(duplicate.awaitClose()).isEqualTo(4409);

        Client forged = Client.connect(GraphQlWebSocket.SUBPROTOCOL);
        forged.send("{\"type\":\"connection_init\",\"payload\":{\"Authorization\":\"Bearer forged\"}}");
        assertThat(forged.awaitClose()).isEqualTo(4403);

        WebServer quick = quickServer(Duration.ofMillis(300));
        try {
            Client silent = Client.connect(
                    URI.create("ws://127.0.0.1:" + quick.port() + "/graphql"), GraphQlWebSocket.SUBPROTOCOL);
            assertThat(silent.awaitClose()).isEqualTo(4408);
        } finally {
            quick.stop();
        }

        Client otherProtocol = Client.connect("graphql-ws");
        assertThat(otherProtocol.awaitClose()).isEqualTo(4406);
    }

    @Test
    void connectionsAreCappedPerCallerAndInTotalWithAClearCloseCode() throws Exception {
        SystemQueries system = new SystemQueries(new ServerInfo("1", "dev", List.of()), List.of());
        GraphQlEngine engine = new GraphQlEngine(List.of(new SystemGraphQl(system)), GraphQlLimits.defaults());
        Map<String, UserId> users =
                Map.of("alice", new UserId(UUID.randomUUID()), "bob", new UserId(UUID.randomUUID()));
        RequestAuthenticator fixed = token -> token.map(t -> Actor.user(users.get(t), "", Map.of(), false));
        WebSocketLimits limits = new WebSocketLimits(6, 3);
        WebServer limited = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .addRouting(WsRouting.builder()
                        .endpoint("/graphql", () -> new GraphQlWebSocket(engine, fixed, Duration.ofSeconds(5), limits)))
                .build()
                .start();
        URI target = URI.create("ws://127.0.0.1:" + limited.port() + "/graphql");
        try {
            List<Client> alices = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                alices.add(initialised(target, "alice"));
                assertThat(alices.getLast().next().get("type").asText()).isEqualTo("connection_ack");
            }
            Client fourth = initialised(target, "alice");
            assertThat(fourth.awaitClose()).isEqualTo(WebSocketLimits.CALLER_FULL);
            assertThat(fourth.closeReason).contains("Too many WebSocket connections for this caller");
            for (int i = 0; i < 3; i++) {
                assertThat(initialised(target, "bob").next().get("type").asText())
                        .isEqualTo("connection_ack");
            }
            // six open: the server is full for anyone, even before they say who they are
            Client seventh = Client.connect(target, GraphQlWebSocket.SUBPROTOCOL);
            assertThat(seventh.awaitClose()).isEqualTo(WebSocketLimits.SERVER_FULL);
            assertThat(seventh.closeReason).contains("Try again later");

            // a closed connection gives its places back
            alices.getFirst().socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
            await().atMost(Duration.ofSeconds(30)).until(() -> limits.openNow() <= 5);
            assertThat(initialised(target, "alice").next().get("type").asText()).isEqualTo("connection_ack");
        } finally {
            limited.stop();
        }
    }

    private static Client initialised(URI target, String token) throws Exception {
        Client client = Client.connect(target, GraphQlWebSocket.SUBPROTOCOL);
        client.send("{\"type\":\"connection_init\",\"payload\":{\"Authorization\":\"Bearer " + token + "\"}}");
        return client;
    }
}
