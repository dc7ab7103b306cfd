package io.draftnrun.application.trace;

import io.draftnrun.domain.trace.Rollup;
import io.draftnrun.domain.trace.Span;
import io.draftnrun.domain.trace.SpanId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The spans of one trace that are still open, and the roll-ups of those that ended (spec 1.3), computed as spans end:
 * a span's cumulative is its own tokens and errors plus the cumulatives of its children that already ended; it then
 * adds it to its parent if the parent is still open. When a span ends and its parent is not open (a late child, or a
 * parent this process never saw), the trace's roll-ups are no longer known in memory: that span and every span of
 * the trace ending after it carry an unknown cumulative, so the store recomputes the trace from its rows. Finished
 * spans are handed to the sink under this trace's monitor so the sink sees them in the order their roll-ups were
 * decided (the store relies on it). Thread-safe: spans of one trace may end on several virtual threads.
 */
final class OpenTrace {
    private final Map<SpanId, Rollup> openChildrenSums = new HashMap<>();
    private boolean unknown;

    /** @param unknown whether the roll-ups of this trace are unknown from the start (a parent we never saw) */
    OpenTrace(boolean unknown) {
        this.unknown = unknown;
    }

    /** Registers an opened span. */
    synchronized void opened(SpanId spanId) {
        openChildrenSums.put(spanId, Rollup.ZERO);
    }

    /** Computes the roll-up of an ending span, adds it to its open parent and hands the span to {@code emit}. */
    synchronized void ended(Span span, Consumer<Span> emit) {
        Rollup children = openChildrenSums.remove(span.spanId());
        Rollup cumulative = Rollup.own(span).plus(children == null ? Rollup.ZERO : children);
        if (span.parentId().isPresent()) {
            SpanId parent = span.parentId().get();
            Rollup parentSum = openChildrenSums.get(parent);
            if (parentSum == null) {
                unknown = true; // the parent already ended (or is not ours): its stored roll-up misses this span
            } else {
                openChildrenSums.put(parent, parentSum.plus(cumulative));
            }
        }
        emit.accept(span.withCumulative(unknown ? Optional.empty() : Optional.of(cumulative)));
    }

    /** Whether roll-ups of this trace are currently unknown in memory. */
    synchronized boolean unknown() {
        return unknown;
    }
}
