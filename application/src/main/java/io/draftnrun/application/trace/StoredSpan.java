package io.draftnrun.application.trace;

import io.draftnrun.domain.trace.Rollup;
import io.draftnrun.domain.trace.Span;
import java.util.Objects;

/** A span as stored in the traces database, with its cumulative values (own plus descendants). */
public record StoredSpan(Span span, Rollup cumulative) {
    public StoredSpan {
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(cumulative, "cumulative");
    }
}
