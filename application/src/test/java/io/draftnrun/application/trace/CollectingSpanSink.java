package io.draftnrun.application.trace;

import io.draftnrun.application.trace.port.SpanSink;
import io.draftnrun.domain.trace.Span;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sink that keeps every finished span in memory, for tests of code that traces. */
public final class CollectingSpanSink implements SpanSink {
    private final List<Span> spans = new CopyOnWriteArrayList<>();

    @Override
    public void accept(Span span) {
        spans.add(span);
    }

    public List<Span> spans() {
        return List.copyOf(spans);
    }

    public Span named(String name) {
        return spans.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no span named " + name + " in " + spans));
    }
}
