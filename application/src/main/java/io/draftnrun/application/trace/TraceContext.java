package io.draftnrun.application.trace;

import io.draftnrun.domain.trace.SpanId;
import io.draftnrun.domain.trace.TraceId;
import io.draftnrun.domain.trace.TraceScope;
import java.util.Objects;

/**
 * Where a span sits: its trace, its own id and the trace's scope. Passed explicitly (no thread-locals) so nodes that
 * run in parallel on virtual threads each carry their own parent.
 */
public record TraceContext(TraceId traceId, SpanId spanId, TraceScope scope) {
    public TraceContext {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(spanId, "spanId");
        Objects.requireNonNull(scope, "scope");
    }
}
