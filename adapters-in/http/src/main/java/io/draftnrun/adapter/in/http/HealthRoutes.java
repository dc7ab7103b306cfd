package io.draftnrun.adapter.in.http;

import io.draftnrun.application.shared.HealthStatus;
import io.draftnrun.application.shared.SystemQueries;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /health} (public): the state of each dependency, 200 when all are up and 503 when one is down; never where
 * a dependency lives (the log says it, once per change of state).
 */
public final class HealthRoutes {
    private final SystemQueries queries;

    public HealthRoutes(SystemQueries queries) {
        this.queries = queries;
    }

    public void health(ServerRequest req, ServerResponse res) {
        SystemQueries.Health health = queries.health();
        Map<String, Object> dependencies = new LinkedHashMap<>();
        for (Map.Entry<String, HealthStatus> e : health.dependencies().entrySet()) {
            Map<String, Object> state = new LinkedHashMap<>();
            // no detail: it names hosts and ports, and this route is public (the log says what failed)
            state.put("status", e.getValue().up() ? "up" : "down");
            dependencies.put(e.getKey(), state);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", health.up() ? "ok" : "down");
        body.put("dependencies", dependencies);
        res.status(health.up() ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(Json.write(body));
    }
}
