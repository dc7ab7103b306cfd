package io.draftnrun.adapter.in.http;

import io.draftnrun.application.shared.port.Metrics;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code GET /metrics} in the Prometheus text format (the text comes from the metrics adapter through a supplier),
 * public unless {@code METRICS_PUBLIC=false}, in which case only a platform super-admin's token reads it; and a
 * filter that measures every HTTP request by method, route pattern and status.
 */
public final class MetricsRoutes implements HttpService {
    private static final Pattern ID_SEGMENT = Pattern.compile(
            "/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-f]{16,}|\\d+)(?=/|$)");

    private final Supplier<String> scrape;
    private final boolean open;
    private final RequestAuthenticator authenticator;
    private final Metrics metrics;

    public MetricsRoutes(Supplier<String> scrape, boolean open, RequestAuthenticator authenticator, Metrics metrics) {
        this.scrape = scrape;
        this.open = open;
        this.authenticator = authenticator;
        this.metrics = metrics;
    }

    /** Adds the request filter and the {@code /metrics} route. */
    @Override
    public void routing(HttpRouting.Builder routing) {
        routing.addFilter((chain, req, res) -> {
            long started = System.nanoTime();
            try {
                chain.proceed();
            } finally {
                metrics.httpRequest(
                        req.prologue().method().text(),
                        route(
                                req.matchingPattern(),
                                req.path().path(),
                                res.status().code()),
                        res.status().code(),
                        Duration.ofNanos(System.nanoTime() - started));
            }
        });
        routing.get("/metrics", this::metrics);
    }

    static String route(Optional<String> pattern, String path, int status) {
        if (pattern.isPresent()) {
            return pattern.get();
        }
        if (status == 404) {
            return "unmatched";
        }
        return ID_SEGMENT.matcher(path).replaceAll("/{id}");
    }

    private void metrics(ServerRequest req, ServerResponse res) {
        if (!open) {
            Optional<String> bearer = Callers.bearer(req);
            boolean admin;
            try {
                admin = authenticator
                        .authenticate(bearer)
                        .map(a -> a.platformAdmin())
                        .orElse(false);
            } catch (RuntimeException e) {
                admin = false;
            }
            if (!admin) {
                HttpErrors.send(
                        res,
                        new DomainException(
                                bearer.isEmpty() ? ErrorCode.UNAUTHENTICATED : ErrorCode.FORBIDDEN,
                                "metrics need a platform administrator's token (or METRICS_PUBLIC=true)"),
                        HttpErrors.TEXT);
                return;
            }
        }
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(scrape.get());
    }
}
