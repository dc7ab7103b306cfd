package io.draftnrun.adapter.in.http;

import io.draftnrun.application.shared.SystemQueries;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.websocket.WsRouting;
import java.util.List;

/**
 * The routing of the HTTP transport: the filters every route passes (request ids first, then CORS), {@code /health},
 * the GraphiQL console ({@code /graphiql}), then the routes and WebSocket endpoints of the {@link HttpService}s
 * bootstrap hands in (GraphQL, metrics, REST runs, the OpenAI and MCP endpoints, downloads), in that order.
 */
public final class HttpApi {
    private final HealthRoutes health;
    private final GraphiQlRoutes graphiQl = new GraphiQlRoutes();
    private final List<HttpService> services;
    private final String corsAllowOrigins;

    /** Without CORS. */
    public HttpApi(SystemQueries system, List<HttpService> services) {
        this(system, services, "");
    }

    /** @param corsAllowOrigins {@code CORS_ALLOW_ORIGINS} (comma list, {@code *}, or empty for no CORS) */
    public HttpApi(SystemQueries system, List<HttpService> services, String corsAllowOrigins) {
        this.health = new HealthRoutes(system);
        this.services = List.copyOf(services);
        this.corsAllowOrigins = corsAllowOrigins == null ? "" : corsAllowOrigins;
    }

    public void routing(HttpRouting.Builder routing) {
        routing.addFilter(new RequestIds()); // first: every response, a refusal included, carries X-Request-Id
        if (!corsAllowOrigins.isBlank()) {
            routing.addFilter(new CorsFilter(corsAllowOrigins));
        }
        routing.get("/graphiql", graphiQl::page)
                .get("/graphiql/", graphiQl::page)
                .get("/graphiql/assets/{file}", graphiQl::asset)
                .get("/health", health::health);
        services.forEach(s -> s.routing(routing));
    }

    /** The WebSocket endpoints of the services ({@code /graphql} with {@code graphql-transport-ws}). */
    public void websocket(WsRouting.Builder routing) {
        services.forEach(s -> s.websocket(routing));
    }
}
