package io.draftnrun.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which {@code X-Request-Id} values are kept: a log line or a header can never be forged through one. */
class RequestIdsTest {

    @Test
    void aSaneIdIsKept() {
        assertThat(RequestIds.sane(Optional.of("abc-123_x.y:z"))).isEqualTo("abc-123_x.y:z");
        String longest = "a".repeat(RequestIds.MAX_LENGTH);
        assertThat(RequestIds.sane(Optional.of(longest))).isEqualTo(longest);
    }

    @Test
    void anyOtherIdIsReplacedByAFreshOne() {
        for (String hostile : new String[] {
            "", "a".repeat(RequestIds.MAX_LENGTH + 1), "abc\nINFO forged line", "abc\r\nX-Forged: 1", "a b", "a\tb", "ü"
        }) {
            String id = RequestIds.sane(Optional.of(hostile));
            assertThat(id).as(hostile).isNotEqualTo(hostile).hasSize(36).doesNotContain("\n", "\r", " ");
        }
        String first = RequestIds.sane(Optional.empty());
        assertThat(first).hasSize(36).isNotEqualTo(RequestIds.sane(Optional.empty()));
    }
}
