package io.draftnrun.adapter.in.http;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per caller (user id, or client address when anonymous): {@code perMinute} requests a minute with
 * bursts up to that many. Per process; several instances each apply the limit.
 */
public final class RateLimiter {
    private static final int MAX_TRACKED = 100_000;

    private record Bucket(double tokens, long updatedNanos) {}

    private final int perMinute;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(int perMinute) {
        this(perMinute, System::nanoTime);
    }

    RateLimiter(int perMinute, LongSupplier nanoTime) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("RATE_LIMIT_PER_MINUTE must be at least 1");
        }
        this.perMinute = perMinute;
        this.nanoTime = nanoTime;
    }

    public static RateLimiter unlimited() {
        return new RateLimiter(Integer.MAX_VALUE);
    }

    /** Takes one token for {@code key}; empty when allowed, else the seconds to wait before retrying. */
    public OptionalLong acquire(String key) {
        if (perMinute == Integer.MAX_VALUE) {
            return OptionalLong.empty();
        }
        if (buckets.size() > MAX_TRACKED) {
            buckets.clear(); // crude bound on memory; a full bucket is the state of any new caller anyway
        }
        long now = nanoTime.getAsLong();
        double perNano = perMinute / 60e9;
        double[] wait = {0};
        buckets.compute(key, (k, b) -> {
            double tokens =
                    b == null ? perMinute : Math.min(perMinute, b.tokens() + (now - b.updatedNanos()) * perNano);
            if (tokens >= 1) {
                return new Bucket(tokens - 1, now);
            }
            wait[0] = (1 - tokens) / perNano / 1e9;
            return new Bucket(tokens, now);
        });
        return wait[0] > 0 ? OptionalLong.of(Math.max(1, (long) Math.ceil(wait[0]))) : OptionalLong.empty();
    }
}
