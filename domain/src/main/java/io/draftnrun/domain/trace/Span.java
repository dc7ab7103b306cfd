package io.draftnrun.domain.trace;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A finished span: one step of a run (the run itself, a node, an LLM call, a tool call, a retrieval...). Immutable;
 * attribute names follow OpenInference ({@link SpanAttributes}).
 *
 * @param parentId absent for the root span of a trace
 * @param scope the project, organization, environment and run of the trace (the same on every span)
 * @param cumulative this span's own tokens and errors plus those of all its descendants, computed in the process as
 *     the spans ended (children end before their parent); empty when unknown (a child that ended after its parent,
 *     a parent the process does not know, or any span of such a trace ending later): the store then computes the
 *     roll-ups of that trace from the stored rows
 */
public record Span(
        TraceId traceId,
        SpanId spanId,
        Optional<SpanId> parentId,
        String name,
        SpanKind kind,
        Instant start,
        Instant end,
        Map<String, Object> attributes,
        List<SpanEvent> events,
        SpanStatus status,
        TraceScope scope,
        Optional<Rollup> cumulative) {

    public Span {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(spanId, "spanId");
        Objects.requireNonNull(parentId, "parentId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("a span ends after it starts");
        }
        attributes = Map.copyOf(attributes);
        events = List.copyOf(events);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(cumulative, "cumulative");
    }

    /** A span whose cumulative values are unknown (the store computes them). */
    public Span(
            TraceId traceId,
            SpanId spanId,
            Optional<SpanId> parentId,
            String name,
            SpanKind kind,
            Instant start,
            Instant end,
            Map<String, Object> attributes,
            List<SpanEvent> events,
            SpanStatus status,
            TraceScope scope) {
        this(traceId, spanId, parentId, name, kind, start, end, attributes, events, status, scope, Optional.empty());
    }

    /** The same span with its cumulative values. */
    public Span withCumulative(Optional<Rollup> value) {
        return new Span(traceId, spanId, parentId, name, kind, start, end, attributes, events, status, scope, value);
    }

    public boolean isRoot() {
        return parentId.isEmpty();
    }

    public Duration duration() {
        return Duration.between(start, end);
    }

    /** This span's own token counts (not its descendants'); zero when it made no LLM call. */
    public TokenCounts ownTokens() {
        return new TokenCounts(
                longAttribute(SpanAttributes.LLM_TOKEN_COUNT_PROMPT),
                longAttribute(SpanAttributes.LLM_TOKEN_COUNT_COMPLETION));
    }

    /** Whether this span's own tokens were consumed through the platform's provider keys. */
    public boolean usedPlatformKey() {
        return Boolean.TRUE.equals(attributes.get(SpanAttributes.LLM_PLATFORM_KEY));
    }

    public Optional<String> stringAttribute(String key) {
        Object v = attributes.get(key);
        return v == null ? Optional.empty() : Optional.of(v.toString());
    }

    private long longAttribute(String key) {
        Object v = attributes.get(key);
        if (v instanceof Number n) {
            return Math.max(0, n.longValue());
        }
        if (v instanceof String s) {
            try {
                return Math.max(0, Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }
}
