package io.draftnrun.application.organization;

import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing per account: after {@value #FREE_FAILURES} failed sign-ins in a row the account is
 * locked for 1 s, then 2 s, 4 s... up to 15 minutes; a successful sign-in resets it. Per process (several instances
 * each keep their own count).
 */
public final class SignInThrottle {
    static final int FREE_FAILURES = 3;
    static final Duration MAX_LOCK = Duration.ofMinutes(15);

    private record State(int failures, Instant lockedUntil) {}

    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Clock clock;

    public SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Throws RATE_LIMITED while the account is locked. */
    void check(String email) {
        State state = states.get(key(email));
        if (state != null && clock.instant().isBefore(state.lockedUntil())) {
            long seconds = Math.max(
                    1, Duration.between(clock.instant(), state.lockedUntil()).toSeconds());
            throw new DomainException(
                    ErrorCode.RATE_LIMITED, "too many failed sign-ins; try again in " + seconds + " s");
        }
    }

    /** Records a failure; returns the lock now in force (zero when none). */
    Duration failed(String email) {
        State next = states.compute(key(email), (k, s) -> {
            int failures = s == null ? 1 : s.failures() + 1;
            Duration lock = lockFor(failures);
            return new State(failures, clock.instant().plus(lock));
        });
        return lockFor(next.failures());
    }

    void succeeded(String email) {
        states.remove(key(email));
    }

    static Duration lockFor(int failures) {
        if (failures < FREE_FAILURES) {
            return Duration.ZERO;
        }
        int exponent = Math.min(failures - FREE_FAILURES, 20);
        Duration lock = Duration.ofSeconds(1L << exponent);
        return lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock;
    }

    private static String key(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }
}
