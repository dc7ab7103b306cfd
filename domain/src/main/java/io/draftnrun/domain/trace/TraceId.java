package io.draftnrun.domain.trace;

import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/** A trace id: 32 lowercase hex digits (16 bytes, not all zero), as in W3C Trace Context and OTLP. */
public record TraceId(String value) {
    private static final HexFormat HEX = HexFormat.of();

    /** Bits of the random tail after the 48-bit millisecond prefix of {@link #random()}'s first long. */
    private static final int TAIL_BITS_OF_HIGH_LONG = 16;

    public TraceId {
        Objects.requireNonNull(value, "trace id");
        if (value.length() != 32 || !isLowerHexNotAllZero(value)) {
            throw new IllegalArgumentException("a trace id is 32 lowercase hex digits, not all zero");
        }
    }

    /**
     * A new time-ordered trace id: the first 48 bits (12 hex digits) are the current Unix time in milliseconds, the
     * remaining 80 bits are random. Ids of traces started later sort after (from one millisecond to the next), so the
     * traces database appends new keys at the edge of its index instead of all over it. W3C Trace Context level 2
     * (the {@code random-trace-id} flag) asks only the rightmost 7 bytes (56 bits) to be random: 80 bits are, and two
     * traces started in the same millisecond collide with probability 2^-80.
     */
    public static TraceId random() {
        return timeOrdered(System.currentTimeMillis(), ThreadLocalRandom.current());
    }

    /** The id {@link #random()} makes at {@code epochMillis} with the random bits of {@code r}. */
    static TraceId timeOrdered(long epochMillis, RandomGenerator r) {
        long millis = epochMillis & 0xFFFF_FFFF_FFFFL;
        long hi = (millis << TAIL_BITS_OF_HIGH_LONG) | (r.nextInt() & 0xFFFF);
        long lo = r.nextLong();
        if (hi == 0 && lo == 0) {
            lo = 1; // only with a clock at the epoch
        }
        return new TraceId(HEX.toHexDigits(hi) + HEX.toHexDigits(lo));
    }

    static boolean isLowerHexNotAllZero(String s) {
        boolean nonZero = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
            nonZero |= c != '0';
        }
        return nonZero;
    }

    @Override
    public String toString() {
        return value;
    }
}
