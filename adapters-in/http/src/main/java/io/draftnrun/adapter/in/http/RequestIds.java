package io.draftnrun.adapter.in.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One id per HTTP request (or WebSocket connection): the client's {@code X-Request-Id} when it is sane (1 to 64
 * characters of {@code A-Z a-z 0-9 . _ : -}), otherwise a random UUID; a header that is too long, empty or carries
 * any other character (a newline forging a log line, say) is replaced, never logged. The id is echoed in the response
 * header {@code X-Request-Id}, is the {@code correlationId} of every INTERNAL error of the request, and is in the log
 * line of that error.
 */
public final class RequestIds implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(RequestIds.class);
    public static final HeaderName HEADER = HeaderNames.create("X-Request-Id");
    public static final int MAX_LENGTH = 64;
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");
    private static final String CONTEXT_KEY = RequestIds.class.getName();

    /** The client's id when sane, otherwise a new one. */
    public static String sane(Optional<String> header) {
        return header.filter(id -> id.length() <= MAX_LENGTH && SANE.matcher(id).matches())
                .orElseGet(() -> UUID.randomUUID().toString());
    }

    /** The request's id: the one this filter chose, or (a route used without it) one chosen now from the header. */
    public static String of(ServerRequest req) {
        return req.context()
                .get(CONTEXT_KEY, String.class)
                .orElseGet(() -> sane(req.headers().first(HEADER)));
    }

    /**
     * Logs an unexpected failure of a route ({@code what}) with the request's id, and returns that id: the
     * {@code correlationId} the route's INTERNAL answer gives the client (never the failure's details).
     */
    public static String internalError(ServerRequest req, String what, Throwable error) {
        String correlationId = of(req);
        LOG.error("internal error {} in {}", correlationId, what, error);
        return correlationId;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String id = sane(req.headers().first(HEADER));
        req.context().register(CONTEXT_KEY, id);
        res.header(HEADER, id);
        chain.proceed();
    }
}
