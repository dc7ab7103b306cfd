package io.draftnrun.application.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.organization.fake.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChangeAwareCacheTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
    private final ChangeAwareCache<String, String> cache = new ChangeAwareCache<>(clock, Duration.ofSeconds(60), 100);
    private final AtomicInteger reads = new AtomicInteger();
    private String stored = "v1";

    private String get() {
        return cache.get(
                "k",
                () -> {
                    reads.incrementAndGet();
                    return stored;
                },
                v -> !v.equals("missing"));
    }

    @Test
    void nothingIsKeptUntilTheFeedIsLive() {
        get();
        get();
        assertThat(reads).hasValue(2);
        cache.live(true);
        get();
        stored = "v2";
        assertThat(get()).isEqualTo("v1");
        assertThat(reads).hasValue(3);
    }

    @Test
    void aForgottenAnswerIsReadAgain() {
        cache.live(true);
        get();
        stored = "v2";
        cache.forget("k");
        assertThat(get()).isEqualTo("v2");
        cache.forgetIf((k, v) -> v.equals("v2"));
        stored = "v3";
        assertThat(get()).isEqualTo("v3");
        stored = "v4";
        cache.forgetAll();
        assertThat(get()).isEqualTo("v4");
        assertThat(reads).hasValue(4);
    }

    @Test
    void aReadDuringWhichAChangeWasAnnouncedIsNotKept() {
        cache.live(true);
        String first = cache.get(
                "k",
                () -> {
                    String read = stored; // read before the change commits...
                    cache.forget("k"); // ...whose announcement arrives before the read returns
                    return read;
                },
                v -> true);
        assertThat(first).isEqualTo("v1");
        stored = "v2";
        assertThat(get()).as("the stale read was not kept").isEqualTo("v2");
    }

    @Test
    void losingTheFeedForgetsEverythingAndKeepsNothingUntilItIsBack() {
        cache.live(true);
        get();
        cache.live(false);
        stored = "v2";
        assertThat(get()).isEqualTo("v2");
        stored = "v3";
        assertThat(get()).isEqualTo("v3");
        assertThat(cache.size()).isZero();
    }

    @Test
    void answersTheCallerRefusesAreNotKeptAndEntriesExpire() {
        cache.live(true);
        stored = "missing";
        get();
        get();
        assertThat(reads).hasValue(2);
        stored = "v1";
        get();
        clock.advance(Duration.ofSeconds(61));
        stored = "v2";
        assertThat(get()).isEqualTo("v2");
    }

    @Test
    void aFullCacheStartsAgainEmpty() {
        cache.live(true);
        for (int i = 0; i < 100; i++) {
            cache.get("k" + i, () -> "v", v -> true);
        }
        assertThat(cache.size()).isEqualTo(100);
        cache.get("one more", () -> "v", v -> true);
        assertThat(cache.size()).isEqualTo(1);
    }
}
