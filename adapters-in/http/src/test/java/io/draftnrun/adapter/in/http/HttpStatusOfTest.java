package io.draftnrun.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.domain.shared.ErrorCode;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one ErrorCode to HTTP status map: every code, the statuses the routes have always answered. */
class HttpStatusOfTest {

    @Test
    void everyErrorCodeHasItsStatus() {
        Map<ErrorCode, Integer> expected = new EnumMap<>(ErrorCode.class);
        expected.put(ErrorCode.VALIDATION, 400);
        expected.put(ErrorCode.FAILED_PRECONDITION, 400);
        expected.put(ErrorCode.UNAUTHENTICATED, 401);
        expected.put(ErrorCode.FORBIDDEN, 403);
        expected.put(ErrorCode.NOT_FOUND, 404);
        expected.put(ErrorCode.CONFLICT, 409);
        expected.put(ErrorCode.RATE_LIMITED, 429);
        expected.put(ErrorCode.INTERNAL, 500);
        expected.put(ErrorCode.UNAVAILABLE, 503);
        assertThat(expected.keySet()).containsExactly(ErrorCode.values());
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(HttpStatusOf.of(code).code()).as(code.name()).isEqualTo(expected.get(code));
        }
    }
}
