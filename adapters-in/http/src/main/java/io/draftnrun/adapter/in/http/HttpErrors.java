package io.draftnrun.adapter.in.http;

import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error handler of the HTTP routes: it decides the status ({@link HttpRefusal}'s own, else the protocol's
 * reading of {@link HttpStatusOf}) and writes the body in the protocol's {@link Format}. A {@link DomainException}
 * gives its code and message; an outage an adapter did not translate ({@link Outages}) is 503 UNAVAILABLE; anything
 * else is 500 INTERNAL whose only detail is the request's id ({@link RequestIds}), logged with the failure.
 */
public final class HttpErrors {
    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

    private HttpErrors() {}

    /** How a protocol words its errors: GraphQL's {@code errors}, REST's {@code detail}, OpenAI's, JSON-RPC's... */
    public interface Format {
        /**
         * The body for {@code code} (as raised, before {@link #translate}) and {@code message}; {@code correlationId}
         * is present for INTERNAL errors. A {@code String} is sent as it is, anything else as JSON.
         */
        Object body(ErrorCode code, String message, Optional<String> correlationId);

        /** The code whose status the client gets: a protocol may translate some to what its clients understand. */
        default ErrorCode translate(ErrorCode code) {
            return code;
        }

        /** The status of an error of {@code code} (already translated). */
        default Status status(ErrorCode code) {
            return HttpStatusOf.of(code);
        }

        /** The {@code Content-Type} of the body. */
        default String contentType() {
            return "application/json";
        }

        /** Adds the headers the protocol wants with an error of {@code code} ({@code WWW-Authenticate}...). */
        default void headers(ErrorCode code, ServerResponse res) {}
    }

    /** The message as plain text, for routes that are not an API (the metrics scrape). */
    public static final Format TEXT = new Format() {
        @Override
        public Object body(ErrorCode code, String message, Optional<String> correlationId) {
            return message;
        }

        @Override
        public String contentType() {
            return "text/plain; charset=utf-8";
        }
    };

    /**
     * Answers the failure of a route ({@code what} names it in the log) in {@code format}, unless the response has
     * been sent already (a stream that broke midway), in which case it is only logged.
     */
    public static void send(
            ServerRequest req, ServerResponse res, RuntimeException failure, String what, Format format) {
        if (failure instanceof DomainException domain) {
            send(res, domain, format);
            return;
        }
        if (Outages.isOutage(failure)) {
            LOG.warn("{} unavailable: {}", what, failure.toString());
            send(res, Outages.unavailable(failure), format);
            return;
        }
        String correlationId = RequestIds.internalError(req, what, failure);
        if (res.isSent()) {
            return;
        }
        write(
                res,
                format.status(format.translate(ErrorCode.INTERNAL)),
                format,
                format.body(
                        ErrorCode.INTERNAL,
                        "internal error (correlation id " + correlationId + ")",
                        Optional.of(correlationId)));
    }

    /** Answers {@code error} in {@code format}: its code (as the protocol translates it), status and message. */
    public static void send(ServerResponse res, DomainException error, Format format) {
        if (res.isSent()) {
            LOG.debug("error after the response started: {}", error.getMessage());
            return;
        }
        ErrorCode code = format.translate(error.code());
        Status status = error instanceof HttpRefusal refusal ? refusal.status() : format.status(code);
        if (error instanceof HttpRefusal refusal) {
            refusal.headers().forEach(res::header);
        }
        format.headers(code, res);
        LOG.debug("request refused with {}: {}", status.code(), error.getMessage());
        write(res, status, format, format.body(error.code(), error.getMessage(), Optional.empty()));
    }

    private static void write(ServerResponse res, Status status, Format format, Object body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, format.contentType());
        res.send(body instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : Json.write(body));
    }
}
