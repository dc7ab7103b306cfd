package io.draftnrun.domain.shared;

/** The closed set of failure kinds a caller can act on; the API adapters map each to a protocol status. */
public enum ErrorCode {
    NOT_FOUND,
    VALIDATION,
    CONFLICT,
    FORBIDDEN,
    UNAUTHENTICATED,
    FAILED_PRECONDITION,
    RATE_LIMITED,
    UNAVAILABLE,
    INTERNAL
}
