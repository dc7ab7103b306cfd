package io.draftnrun.domain.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class TraceIdTest {
    @Test
    void startsWithTheCurrentMillisecondsSoLaterTracesSortAfter() {
        long before = System.currentTimeMillis();
        TraceId first = TraceId.random();
        long after = System.currentTimeMillis();
        long prefix = Long.parseLong(first.value().substring(0, 12), 16);
        assertThat(prefix).isBetween(before, after);

        long millis = System.currentTimeMillis();
        await("the next millisecond")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(1))
                .until(() -> System.currentTimeMillis() != millis);
        TraceId later = TraceId.random();
        assertThat(later.value()).isGreaterThan(first.value());
        List<TraceId> ids = List.of(first, later);
        assertThat(ids).isSortedAccordingTo((a, b) -> a.value().compareTo(b.value()));
    }

    @Test
    void theEightyBitsAfterTheTimeAreRandom() {
        Set<String> tails = new HashSet<>();
        // every hex digit of the tail takes all sixteen values over a few thousand ids
        @SuppressWarnings("unchecked")
        Set<Character>[] digits = new Set[20];
        for (int i = 0; i < digits.length; i++) {
            digits[i] = new HashSet<>();
        }
        for (int n = 0; n < 5_000; n++) {
            String tail = TraceId.random().value().substring(12);
            assertThat(tail).hasSize(20);
            tails.add(tail);
            for (int i = 0; i < 20; i++) {
                digits[i].add(tail.charAt(i));
            }
        }
        assertThat(tails).hasSize(5_000);
        for (Set<Character> seen : digits) {
            assertThat(seen).hasSize(16);
        }
    }

    @Test
    void isNeverAllZeroEvenAtTheEpochWithZeroRandomBits() {
        RandomGenerator zeros = () -> 0L;
        TraceId id = TraceId.timeOrdered(0, zeros);
        assertThat(id.value()).hasSize(32).isNotEqualTo("0".repeat(32));
        assertThat(TraceId.timeOrdered(1, zeros).value()).isEqualTo("000000000001" + "0".repeat(20));
        assertThatThrownBy(() -> new TraceId("0".repeat(32))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TraceId("0".repeat(31) + "G")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpanId("0".repeat(16))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new SpanId("00000000000000a0").value()).isEqualTo("00000000000000a0");
    }
}
