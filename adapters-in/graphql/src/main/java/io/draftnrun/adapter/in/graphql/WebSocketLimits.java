package io.draftnrun.adapter.in.graphql;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the WebSocket connections of the server ({@code WS_MAX_CONNECTIONS}) and of each caller
 * ({@code WS_MAX_CONNECTIONS_PER_USER}: a signed-in user, or an address for anonymous connections): each costs memory
 * for as long as it stays open, so one caller could otherwise exhaust the server. Shared by every connection of a
 * server.
 */
public final class WebSocketLimits {
    /** Close code for a server at its total: 1013 Try Again Later (RFC 6455), retried later by clients. */
    public static final int SERVER_FULL = 1013;
    /** Close code for a caller at its own limit (graphql-transport-ws's "too many" code): not retried at once. */
    public static final int CALLER_FULL = 4429;

    private final int total;
    private final int perCaller;
    private final Duration keepAlive;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> byCaller = new ConcurrentHashMap<>();

    public WebSocketLimits(int total, int perCaller) {
        this(total, perCaller, Duration.ofSeconds(15));
    }

    /**
     * @param keepAlive how often the server pings each connection: a connection that vanished without closing (its
     *     places are held until then) is noticed at the next ping, one that stays silent for three pings is closed
     */
    public WebSocketLimits(int total, int perCaller, Duration keepAlive) {
        if (total < 1 || perCaller < 1 || keepAlive.isNegative() || keepAlive.isZero()) {
            throw new IllegalArgumentException("WebSocket limits must be positive");
        }
        this.total = total;
        this.perCaller = perCaller;
        this.keepAlive = keepAlive;
    }

    public Duration keepAlive() {
        return keepAlive;
    }

    /** Defaults: 2,000 connections in all, 20 per caller. */
    public static WebSocketLimits defaults() {
        return new WebSocketLimits(2_000, 20);
    }

    public int total() {
        return total;
    }

    public int perCaller() {
        return perCaller;
    }

    /** Takes a place among all connections; false (nothing taken) when the server holds its total. */
    boolean open() {
        while (true) {
            int now = open.get();
            if (now >= total) {
                return false;
            }
            if (open.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Gives back a place taken by {@link #open}. */
    void closed() {
        open.decrementAndGet();
    }

    /** Takes one of {@code caller}'s places; false (nothing taken) when it holds its limit. */
    boolean acquire(String caller) {
        boolean[] taken = {false};
        byCaller.compute(caller, (k, n) -> {
            int count = n == null ? 0 : n;
            if (count >= perCaller) {
                return n;
            }
            taken[0] = true;
            return count + 1;
        });
        return taken[0];
    }

    /** Gives back one of {@code caller}'s places. */
    void release(String caller) {
        byCaller.computeIfPresent(caller, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** Connections open now (for tests). */
    int openNow() {
        return open.get();
    }
}
