package io.draftnrun.adapter.in.http;

import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the transport refuses before any use case sees it, with the status its protocol prescribes when that is
 * not the one of its code (406, 413, 415, 405 for a VALIDATION error) and the headers that explain it ({@code Allow},
 * {@code Retry-After}). {@link HttpErrors} answers it like any other error.
 */
public final class HttpRefusal extends DomainException {
    private final Status status;
    private final Map<HeaderName, String> headers = new LinkedHashMap<>();

    public HttpRefusal(ErrorCode code, Status status, String message) {
        super(code, message);
        this.status = status;
    }

    /** A VALIDATION refusal with its own status. */
    public static HttpRefusal invalid(Status status, String message) {
        return new HttpRefusal(ErrorCode.VALIDATION, status, message);
    }

    /** Too many requests from one caller: 429 RATE_LIMITED, {@code Retry-After} telling when to come back. */
    public static HttpRefusal rateLimited(long retryAfterSeconds) {
        return new HttpRefusal(
                        ErrorCode.RATE_LIMITED,
                        HttpStatusOf.of(ErrorCode.RATE_LIMITED),
                        "too many requests; retry in " + retryAfterSeconds + " s")
                .header(HeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }

    /** Adds a header to the answer. */
    public HttpRefusal header(HeaderName name, String value) {
        headers.put(name, value);
        return this;
    }

    public Status status() {
        return status;
    }

    Map<HeaderName, String> headers() {
        return headers;
    }
}
