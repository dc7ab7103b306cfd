package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.draftnrun.bootstrap.Commands;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many WebSocket connections against a server with small limits ({@code WS_MAX_CONNECTIONS},
 * {@code WS_MAX_CONNECTIONS_PER_USER}): one user cannot hold more than its share, the server refuses connections
 * beyond its total with close code 1013 (try again later), and closed connections give their places back.
 */
class WebSocketLimitsIT {
    private static final int TOTAL = 60;
    private static final int PER_USER = 10;

    /** One connection: acknowledged, or closed with a code and a reason. */
    static final class Connection implements WebSocket.Listener {
        final CompletableFuture<String> outcome = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                if (text.toString().contains("connection_ack")) {
                    outcome.complete("ack");
                } else if (text.toString().contains("\"ping\"")) {
                    ws.sendText("{\"type\":\"pong\"}", true);
                }
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            outcome.complete(status + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            outcome.complete("error " + error);
        }
    }

    private static Connection open(HttpClient http, URI url, String token) throws Exception {
        Connection connection = new Connection();
        connection.socket = http.newWebSocketBuilder()
                .subprotocols("graphql-transport-ws")
                .buildAsync(url, connection)
                .get(20, TimeUnit.SECONDS);
        connection
                .socket
                .sendText(
                        token == null
                                ? "{\"type\":\"connection_init\"}"
                                : "{\"type\":\"connection_init\",\"payload\":{\"Authorization\":\"Bearer " + token
                                        + "\"}}",
                        true)
                .get(20, TimeUnit.SECONDS);
        return connection;
    }

    private static String outcome(Connection connection) throws Exception {
        return connection.outcome.get(30, TimeUnit.SECONDS);
    }

    private static String token(String name) {
        return Users.supabaseToken(
                UUID.randomUUID(), name + "@example.com", Instant.now().plusSeconds(3600), "authenticated");
    }

    @Test
    void oneUserHoldsItsShareTheServerItsTotalAndClosedConnectionsGiveTheirPlacesBack() throws Exception {
        try (Commands.Running server = SharedServer.startDedicated(Map.of(
                "WS_MAX_CONNECTIONS",
                Integer.toString(TOTAL),
                "WS_MAX_CONNECTIONS_PER_USER",
                Integer.toString(PER_USER)))) {
            URI url = URI.create(server.server().baseUrl().toString().replace("http://", "ws://") + "/graphql");
            HttpClient http = HttpClient.newHttpClient();
            List<Connection> open = new ArrayList<>();
            // one user opens three times its share: the first ten are acknowledged, the others closed with 4429
            String greedy = token("greedy");
            List<String> outcomes = new ArrayList<>();
            for (int i = 0; i < 3 * PER_USER; i++) {
                Connection c = open(http, url, greedy);
                outcomes.add(outcome(c));
                open.add(c);
            }
            assertThat(outcomes.subList(0, PER_USER)).containsOnly("ack");
            assertThat(outcomes.subList(PER_USER, 3 * PER_USER))
                    .allSatisfy(o -> assertThat(o).startsWith("4429 Too many WebSocket connections"));
            // others fill the server up to its total
            for (int user = 1; user < TOTAL / PER_USER; user++) {
                String t = token("user" + user);
                for (int i = 0; i < PER_USER; i++) {
                    Connection c = open(http, url, t);
                    assertThat(outcome(c)).isEqualTo("ack");
                    open.add(c);
                }
            }
            // full: the next connection is refused before it even says who it is
            Connection refused = new Connection();
            refused.socket = http.newWebSocketBuilder()
                    .subprotocols("graphql-transport-ws")
                    .buildAsync(url, refused)
                    .get(20, TimeUnit.SECONDS);
            assertThat(outcome(refused)).startsWith("1013 Try again later");

            // the greedy user closes one connection: its place comes back, to it and to the server
            open.getFirst().socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60))
                    .pollDelay(Duration.ZERO)
                    .until(() -> outcome(open(http, url, greedy)), "ack"::equals);
            for (Connection c : open) {
                c.socket.abort();
            }
        }
    }
}
