package io.draftnrun.domain.trace;

import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/** A span id: 16 lowercase hex digits (8 bytes, not all zero), as in W3C Trace Context and OTLP. */
public record SpanId(String value) {
    private static final HexFormat HEX = HexFormat.of();

    public SpanId {
        Objects.requireNonNull(value, "span id");
        if (value.length() != 16 || !TraceId.isLowerHexNotAllZero(value)) {
            throw new IllegalArgumentException("a span id is 16 lowercase hex digits, not all zero");
        }
    }

    public static SpanId random() {
        long v;
        do {
            v = ThreadLocalRandom.current().nextLong();
        } while (v == 0);
        return new SpanId(HEX.toHexDigits(v));
    }

    /**
     * The root span id of a run's trace, derived from the trace id (its last 16 digits, which are random): whoever
     * closes a trace whose process died can name the root its stored children point to.
     */
    public static SpanId rootOf(TraceId traceId) {
        String tail = traceId.value().substring(16);
        return TraceId.isLowerHexNotAllZero(tail) ? new SpanId(tail) : new SpanId("0000000000000001");
    }

    @Override
    public String toString() {
        return value;
    }
}
