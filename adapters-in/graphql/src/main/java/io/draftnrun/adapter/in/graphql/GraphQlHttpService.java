package io.draftnrun.adapter.in.graphql;

import io.draftnrun.adapter.in.http.Callers;
import io.draftnrun.adapter.in.http.HttpService;
import io.draftnrun.application.shared.port.Metrics;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.websocket.WsRouting;
import java.time.Duration;

/**
 * GraphQL as a service of the HTTP transport: {@code POST} and {@code GET /graphql} ({@link GraphQlHttpHandler}) and
 * the {@code /graphql} WebSocket endpoint ({@code graphql-transport-ws}, one {@link GraphQlWebSocket} per connection).
 * Bootstrap hands it to the transport's routing.
 */
public final class GraphQlHttpService implements HttpService {
    private final GraphQlEngine engine;
    private final Callers callers;
    private final GraphQlHttpHandler http;
    private final WebSocketLimits webSockets;

    /** Without rate limit, metrics or WebSocket limits beyond the defaults (tests). */
    public GraphQlHttpService(GraphQlEngine engine, Callers callers) {
        this(engine, callers, Metrics.NOOP, WebSocketLimits.defaults());
    }

    /**
     * @param callers authentication and the per-caller rate limit of {@code /graphql}
     * @param metrics counts and times every operation
     * @param webSockets {@code WS_MAX_CONNECTIONS}, {@code WS_MAX_CONNECTIONS_PER_USER}
     */
    public GraphQlHttpService(GraphQlEngine engine, Callers callers, Metrics metrics, WebSocketLimits webSockets) {
        this.engine = engine;
        this.callers = callers;
        this.http = new GraphQlHttpHandler(engine, callers, metrics);
        this.webSockets = webSockets;
    }

    /** Bounds the body of file uploads (multipart GraphQL requests); {@code UPLOAD_MAX_BYTES}, default 50 MB. */
    public GraphQlHttpService maxUploadBytes(long bytes) {
        http.maxUploadBytes(bytes);
        return this;
    }

    @Override
    public void routing(HttpRouting.Builder routing) {
        routing.post("/graphql", http::post).get("/graphql", http::get);
    }

    @Override
    public void websocket(WsRouting.Builder routing) {
        routing.endpoint(
                "/graphql",
                () -> new GraphQlWebSocket(engine, callers.authenticator(), Duration.ofSeconds(10), webSockets));
    }
}
