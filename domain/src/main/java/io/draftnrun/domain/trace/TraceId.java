package io.draftnrun.domain.trace;

import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/** A trace id: 32 lowercase hex digits (16 bytes, not all zero), as in W3C Trace Context and OTLP. */
public record TraceId(String value) {
    private static final HexFormat HEX = HexFormat.of();

    public TraceId {
        Objects.requireNonNull(value, "trace id");
        if (value.length() != 32 || !isLowerHex(value) || value.chars().allMatch(c -> c == '0')) {
            throw new IllegalArgumentException("a trace id is 32 lowercase hex digits, not all zero");
        }
    }

    public static TraceId random() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = r.nextLong();
        long lo = r.nextLong();
        if (hi == 0 && lo == 0) {
            lo = 1;
        }
        return new TraceId(HEX.toHexDigits(hi) + HEX.toHexDigits(lo));
    }

    static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
