package io.draftnrun.application.organization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.organization.fake.MutableClock;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SignInThrottle throttle = new SignInThrottle(clock);

    /** One guess if the throttle lets it through; true when it was let through (and failed). */
    private boolean guess(String account, String address) {
        try {
            throttle.check(account, address);
        } catch (DomainException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            return false;
        }
        throttle.failed(account, address);
        return true;
    }

    private boolean allowed(String account, String address) {
        try {
            throttle.check(account, address);
            return true;
        } catch (DomainException e) {
            return false;
        }
    }

    @Test
    void theOwnerSignsInAtOnceFromTheirAddressWhileAttackersKeepGuessingFromManyAddresses() {
        int fromOne = 0;
        int fromPool = 0;
        // ten simulated minutes, a guess every 50 ms: half from one address, half from a pool of 500 addresses
        for (int tick = 0; tick < 12_000; tick++) {
            clock.advance(Duration.ofMillis(50));
            if (tick % 2 == 0) {
                fromOne += guess("victim@example.com", "203.0.113.7") ? 1 : 0;
            } else {
                String from = "198.51." + (tick % 500) / 250 + "." + tick % 250;
                fromPool += guess("victim@example.com", from) ? 1 : 0;
            }
            if (tick % 200 == 0) {
                assertThat(allowed("victim@example.com", "192.0.2.1"))
                        .as("the owner's own address at %s", clock.instant())
                        .isTrue();
            }
        }
        // one address: 3 free guesses, then 1 s, 2 s, 4 s... up to 5 minutes between guesses
        assertThat(fromOne).isLessThan(20);
        // each pool address comes back every 50 s but is held a minute after its failure while the account is
        // under attack: at most about one guess per address per 100 s (6,000 attempts, 3,000 at most let through)
        assertThat(fromPool).isLessThanOrEqualTo(3_000);
    }

    @Test
    void anOwnersTypoDuringAnAttackHoldsThemBackAtMostAMinute() {
        throttle.failed("victim@example.com", "192.0.2.1"); // the owner mistyped once
        for (int second = 0; second < 180; second++) {
            clock.advance(Duration.ofSeconds(1));
            for (int i = 0; i < 5; i++) {
                guess("victim@example.com", "198.51.100." + (second * 5 + i) % 250);
            }
            if (second >= 61) {
                assertThat(allowed("victim@example.com", "192.0.2.1"))
                        .as("after %s s", second)
                        .isTrue();
            }
        }
    }

    @Test
    void oneAddressWaitsLongerAfterEachFailureUpToACeilingAndASuccessStartsAgain() {
        for (int i = 0; i < SignInThrottle.FREE_FAILURES; i++) {
            assertThat(guess("bob@example.com", "10.0.0.9")).isTrue();
        }
        assertThat(allowed("bob@example.com", "10.0.0.9")).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(guess("bob@example.com", "10.0.0.9")).isTrue();
        assertThat(allowed("bob@example.com", "10.0.0.9")).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(allowed("bob@example.com", "10.0.0.9")).isFalse(); // 2 s now
        clock.advance(Duration.ofSeconds(1));
        assertThat(allowed("bob@example.com", "10.0.0.9")).isTrue();
        assertThat(SignInThrottle.pairDelay(40)).isEqualTo(SignInThrottle.MAX_PAIR_DELAY);
        assertThatThrownBy(() -> {
                    for (int i = 0; i < 40; i++) {
                        clock.advance(SignInThrottle.MAX_PAIR_DELAY);
                        throttle.check("bob@example.com", "10.0.0.9");
                        throttle.failed("bob@example.com", "10.0.0.9");
                    }
                    throttle.check("bob@example.com", "10.0.0.9");
                })
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("try again in 300 s");
        clock.advance(SignInThrottle.MAX_PAIR_DELAY);
        assertThatCode(() -> throttle.check("bob@example.com", "10.0.0.9")).doesNotThrowAnyException();
        throttle.succeeded("bob@example.com", "10.0.0.9");
        assertThat(guess("bob@example.com", "10.0.0.9")).isTrue();
        assertThat(allowed("bob@example.com", "10.0.0.9")).isTrue();
    }

    @Test
    void anAddressSprayingManyAccountsWaitsAtMostItsWindow() {
        for (int i = 0; i < SignInThrottle.ADDRESS_FAILURES; i++) {
            assertThat(guess("user" + i + "@example.com", "10.0.0.66")).isTrue();
        }
        assertThat(allowed("someone-else@example.com", "10.0.0.66")).isFalse();
        assertThat(allowed("someone-else@example.com", "10.0.0.67")).isTrue();
        clock.advance(SignInThrottle.ADDRESS_WINDOW);
        assertThat(allowed("someone-else@example.com", "10.0.0.66")).isTrue();
    }

    @Test
    void memoryStaysBoundedWhateverTheGuessesName() {
        for (int i = 0; i < SignInThrottle.MAX_ENTRIES + 20_000; i++) {
            throttle.failed("u" + i + "@example.com", "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255));
        }
        assertThat(throttle.kept()).isLessThanOrEqualTo(SignInThrottle.MAX_ENTRIES);
    }
}
