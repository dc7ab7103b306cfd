package io.draftnrun.adapter.in.graphql;

import io.draftnrun.application.shared.SystemQueries;
import io.draftnrun.application.shared.port.Metrics;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.websocket.WsRouting;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * All HTTP routes of the API: GraphQL ({@code /graphql}), the console ({@code /graphiql}), {@code /health}, plus
 * routes contributed by other parts of this adapter (REST run endpoint, metrics).
 */
public final class HttpApi {
    private final GraphQlEngine engine;
    private final RequestAuthenticator authenticator;
    private final GraphQlHttpHandler graphQl;
    private final HealthRoutes health;
    private final GraphiQlRoutes graphiQl = new GraphiQlRoutes();
    private final List<Consumer<HttpRouting.Builder>> extraRoutes;
    private final Protections protections;

    /**
     * Per-caller rate limit of {@code /graphql}, CORS of every route, WebSocket connection limits.
     *
     * @param rateLimiter {@code RATE_LIMIT_PER_MINUTE}
     * @param corsAllowOrigins {@code CORS_ALLOW_ORIGINS} (comma list, {@code *}, or empty for no CORS)
     * @param webSockets {@code WS_MAX_CONNECTIONS}, {@code WS_MAX_CONNECTIONS_PER_USER}
     */
    public record Protections(RateLimiter rateLimiter, String corsAllowOrigins, WebSocketLimits webSockets) {
        public Protections(RateLimiter rateLimiter, String corsAllowOrigins) {
            this(rateLimiter, corsAllowOrigins, WebSocketLimits.defaults());
        }

        public static Protections none() {
            return new Protections(RateLimiter.unlimited(), "");
        }
    }

    public HttpApi(
            GraphQlEngine engine,
            RequestAuthenticator authenticator,
            SystemQueries system,
            List<Consumer<HttpRouting.Builder>> extraRoutes) {
        this(engine, authenticator, system, extraRoutes, Protections.none(), Metrics.NOOP);
    }

    /**
     * With {@code protections} (rate limit, CORS) and {@code metrics}: GraphQL operations are counted and timed (see
     * {@link MetricsRoutes} for HTTP).
     */
    public HttpApi(
            GraphQlEngine engine,
            RequestAuthenticator authenticator,
            SystemQueries system,
            List<Consumer<HttpRouting.Builder>> extraRoutes,
            Protections protections,
            Metrics metrics) {
        this.engine = engine;
        this.authenticator = authenticator;
        this.graphQl = new GraphQlHttpHandler(engine, authenticator, protections.rateLimiter(), metrics);
        this.health = new HealthRoutes(system);
        this.extraRoutes = List.copyOf(extraRoutes);
        this.protections = protections;
    }

    /** Bounds the body of file uploads (multipart GraphQL requests); {@code UPLOAD_MAX_BYTES}, default 50 MB. */
    public HttpApi maxUploadBytes(long bytes) {
        graphQl.maxUploadBytes(bytes);
        return this;
    }

    public void routing(HttpRouting.Builder routing) {
        routing.addFilter(new RequestIds()); // first: every response, a refusal included, carries X-Request-Id
        if (!protections.corsAllowOrigins().isBlank()) {
            routing.addFilter(new CorsFilter(protections.corsAllowOrigins()));
        }
        routing.post("/graphql", graphQl::post)
                .get("/graphql", graphQl::get)
                .get("/graphiql", graphiQl::page)
                .get("/graphiql/", graphiQl::page)
                .get("/graphiql/assets/{file}", graphiQl::asset)
                .get("/health", health::health);
        extraRoutes.forEach(r -> r.accept(routing));
    }

    /** {@code /graphql} over WebSocket ({@code graphql-transport-ws}), one listener per connection. */
    public void websocket(WsRouting.Builder routing) {
        routing.endpoint(
                "/graphql",
                () -> new GraphQlWebSocket(engine, authenticator, Duration.ofSeconds(10), protections.webSockets()));
    }
}
