package io.draftnrun.application.trace.port;

import io.draftnrun.domain.trace.Span;
import java.util.List;

/**
 * Receives every finished span. Implementations must return quickly and never throw nor block the caller: a run
 * must not slow down or fail because tracing does.
 */
public interface SpanSink {
    /** A sink that discards everything. */
    SpanSink DISCARD = span -> {};

    void accept(Span span);

    /** Whether anything listens; when false the tracer records nothing at all. */
    default boolean enabled() {
        return true;
    }

    /** Sends every span to each sink in turn (a failing sink does not stop the others). */
    static SpanSink fanOut(List<SpanSink> sinks) {
        List<SpanSink> active = sinks.stream().filter(SpanSink::enabled).toList();
        if (active.isEmpty()) {
            return new SpanSink() {
                @Override
                public void accept(Span span) {}

                @Override
                public boolean enabled() {
                    return false;
                }
            };
        }
        if (active.size() == 1) {
            return active.getFirst();
        }
        return span -> {
            for (SpanSink sink : active) {
                try {
                    sink.accept(span);
                } catch (RuntimeException e) {
                    // a sink breaking its contract must not break the run
                }
            }
        };
    }
}
