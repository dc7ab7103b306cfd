package io.draftnrun.adapter.in.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * CORS from {@code CORS_ALLOW_ORIGINS} (comma-separated origins, or {@code *}). Listed origins are echoed with
 * credentials allowed; {@code *} answers any origin without credentials (never a wildcard with credentials). Preflight
 * {@code OPTIONS} requests are answered here (204, or 403 for an origin not allowed).
 */
public final class CorsFilter implements Filter {
    private static final String METHODS = "GET, POST, OPTIONS";
    private static final String HEADERS = "Authorization, Content-Type, Accept, X-API-Key, X-Request-Id";

    private final Set<String> origins;
    private final boolean any;

    public CorsFilter(String allowOrigins) {
        this.origins = allowOrigins == null
                ? Set.of()
                : Arrays.stream(allowOrigins.split(","))
                        .map(String::strip)
                        .map(o -> o.replaceAll("/+$", ""))
                        .filter(o -> !o.isEmpty())
                        .collect(Collectors.toUnmodifiableSet());
        this.any = origins.contains("*");
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        if (origin.isEmpty()) {
            chain.proceed();
            return;
        }
        boolean allowed = any || origins.contains(origin.get());
        boolean preflight = req.prologue().method() == Method.OPTIONS
                && req.headers().contains(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
        if (allowed) {
            if (any) {
                res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            } else {
                res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin.get());
                res.header(HeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
                res.header(HeaderNames.VARY, "Origin");
            }
            res.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "X-Request-Id");
        }
        if (preflight) {
            if (allowed) {
                res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, METHODS);
                res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, HEADERS);
                res.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
                res.status(Status.NO_CONTENT_204).send();
            } else {
                res.status(Status.FORBIDDEN_403).send();
            }
            return;
        }
        chain.proceed();
    }
}
