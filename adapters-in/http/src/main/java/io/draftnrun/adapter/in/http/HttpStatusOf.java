package io.draftnrun.adapter.in.http;

import io.draftnrun.domain.shared.ErrorCode;
import io.helidon.http.Status;

/**
 * The one map from {@link ErrorCode} to HTTP status, used by every route of this adapter (GraphQL request errors,
 * REST runs, the OpenAI-compatible and MCP endpoints, document downloads). Exhaustive: a new code does not compile
 * until it has a status.
 */
public final class HttpStatusOf {
    private HttpStatusOf() {}

    public static Status of(ErrorCode code) {
        return switch (code) {
            case VALIDATION, FAILED_PRECONDITION -> Status.BAD_REQUEST_400;
            case UNAUTHENTICATED -> Status.UNAUTHORIZED_401;
            case FORBIDDEN -> Status.FORBIDDEN_403;
            case NOT_FOUND -> Status.NOT_FOUND_404;
            case CONFLICT -> Status.CONFLICT_409;
            case RATE_LIMITED -> Status.TOO_MANY_REQUESTS_429;
            case INTERNAL -> Status.INTERNAL_SERVER_ERROR_500;
            case UNAVAILABLE -> Status.SERVICE_UNAVAILABLE_503;
        };
    }
}
