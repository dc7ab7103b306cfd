package io.draftnrun.domain.trace;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** Something that happened at an instant during a span (an exception, a retrieved document...). */
public record SpanEvent(String name, Instant timestamp, Map<String, Object> attributes) {
    public SpanEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timestamp, "timestamp");
        attributes = Map.copyOf(attributes);
    }
}
