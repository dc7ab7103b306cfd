package io.draftnrun.application.trace;

import io.draftnrun.domain.trace.SpanStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * Which traces to list: started in {@code [from, to)}, of an environment, whose root ended with a status, whose root
 * name, input or output contains {@code search} (case-insensitive).
 */
public record TraceFilter(
        Optional<Instant> from,
        Optional<Instant> to,
        Optional<String> environment,
        Optional<SpanStatus.Code> status,
        Optional<String> search) {
    public static final TraceFilter ALL =
            new TraceFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public TraceFilter {
        environment = environment.filter(s -> !s.isBlank());
        search = search.map(String::trim).filter(s -> !s.isEmpty());
    }
}
