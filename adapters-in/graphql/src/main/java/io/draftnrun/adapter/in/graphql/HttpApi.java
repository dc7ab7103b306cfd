package io.draftnrun.adapter.in.graphql;

import io.draftnrun.application.shared.SystemQueries;
import io.draftnrun.application.shared.port.Metrics;
import io.helidon.webserver.http.HttpRouting;
import java.util.List;
import java.util.function.Consumer;

/**
 * All HTTP routes of the API: GraphQL ({@code /graphql}), the console ({@code /graphiql}), {@code /health}, plus
 * routes contributed by other parts of this adapter (REST run endpoint, metrics).
 */
public final class HttpApi {
    private final GraphQlHttpHandler graphQl;
    private final HealthRoutes health;
    private final GraphiQlRoutes graphiQl = new GraphiQlRoutes();
    private final List<Consumer<HttpRouting.Builder>> extraRoutes;

    public HttpApi(
            GraphQlEngine engine,
            RequestAuthenticator authenticator,
            SystemQueries system,
            List<Consumer<HttpRouting.Builder>> extraRoutes) {
        this(engine, authenticator, system, extraRoutes, Metrics.NOOP);
    }

    /** With {@code metrics}, GraphQL operations are counted and timed (see {@link MetricsRoutes} for HTTP). */
    public HttpApi(
            GraphQlEngine engine,
            RequestAuthenticator authenticator,
            SystemQueries system,
            List<Consumer<HttpRouting.Builder>> extraRoutes,
            Metrics metrics) {
        this.graphQl = new GraphQlHttpHandler(engine, authenticator, metrics);
        this.health = new HealthRoutes(system);
        this.extraRoutes = List.copyOf(extraRoutes);
    }

    public void routing(HttpRouting.Builder routing) {
        routing.post("/graphql", graphQl::post)
                .get("/graphql", graphQl::get)
                .get("/graphiql", graphiQl::page)
                .get("/graphiql/", graphiQl::page)
                .get("/graphiql/assets/{file}", graphiQl::asset)
                .get("/health", health::health);
        extraRoutes.forEach(r -> r.accept(routing));
    }
}
