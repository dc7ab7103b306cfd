package io.draftnrun.adapter.out.llm;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often a provider call is tried on 429, 5xx and network failures: at most {@code maxAttempts} attempts, waiting
 * a random time between half and all of {@code initialBackoff * 2^(attempt-1)} (capped at {@code maxBackoff})
 * between them ("equal jitter"). 4xx other than 429 are never retried.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(8));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoffs must satisfy 0 <= initial <= max");
        }
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failures. */
    Duration backoff(int attempt) {
        long base = initialBackoff.toMillis();
        long ceiling = Math.min(maxBackoff.toMillis(), base << Math.min(attempt - 1, 20));
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }
}
