package io.draftnrun.application.trace;

import io.draftnrun.application.trace.port.SpanStore;
import io.draftnrun.application.trace.port.TraceReadModel;
import io.draftnrun.application.trace.port.UsageLedger;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.trace.Rollup;
import io.draftnrun.domain.trace.Span;
import io.draftnrun.domain.trace.SpanAttributes;
import io.draftnrun.domain.trace.SpanId;
import io.draftnrun.domain.trace.SpanKind;
import io.draftnrun.domain.trace.TraceId;
import io.draftnrun.domain.trace.TraceRollups;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The traces database in memory: spans, roll-ups recomputed per trace, platform-key usage per organization. */
public final class InMemoryTraceStore implements SpanStore, TraceReadModel, UsageLedger {
    private final Map<SpanId, Span> spans = new ConcurrentHashMap<>();
    private final Map<OrganizationId, Long> usage = new ConcurrentHashMap<>();
    private volatile boolean down;

    public void setDown(boolean down) {
        this.down = down;
    }

    @Override
    public synchronized void write(List<Span> batch) {
        if (down) {
            throw new IllegalStateException("traces database down");
        }
        for (Span s : batch) {
            if (spans.putIfAbsent(s.spanId(), s) == null && s.kind() == SpanKind.LLM && s.usedPlatformKey()) {
                usage.merge(s.scope().organizationId(), s.ownTokens().total(), Long::sum);
            }
        }
    }

    public int size() {
        return spans.size();
    }

    private Map<SpanId, Rollup> rollups(TraceId trace) {
        return TraceRollups.compute(
                spans.values().stream().filter(s -> s.traceId().equals(trace)).toList());
    }

    private StoredSpan stored(Span s) {
        return new StoredSpan(s, rollups(s.traceId()).get(s.spanId()));
    }

    @Override
    public List<StoredSpan> roots(UUID projectId, TraceFilter filter, int limit, Optional<RootPosition> after) {
        return spans.values().stream()
                .filter(Span::isRoot)
                .filter(s -> s.scope().projectId().equals(projectId))
                .filter(s -> filter.from().map(f -> !s.start().isBefore(f)).orElse(true))
                .filter(s -> filter.to().map(t -> s.start().isBefore(t)).orElse(true))
                .filter(s -> filter.environment()
                        .map(e -> e.equals(s.scope().environment()))
                        .orElse(true))
                .filter(s -> filter.status().map(c -> c == s.status().code()).orElse(true))
                .filter(s -> filter.search().map(q -> matches(s, q)).orElse(true))
                .sorted(Comparator.comparing(Span::start)
                        .thenComparing(s -> s.spanId().value())
                        .reversed())
                .filter(s -> after.map(p -> s.start().isBefore(p.start())
                                || (s.start().equals(p.start())
                                        && s.spanId().value().compareTo(p.spanId()) < 0))
                        .orElse(true))
                .limit(limit)
                .map(this::stored)
                .toList();
    }

    private static boolean matches(Span s, String q) {
        String needle = q.toLowerCase(Locale.ROOT);
        return s.name().toLowerCase(Locale.ROOT).contains(needle)
                || s.stringAttribute(SpanAttributes.INPUT_VALUE)
                        .map(v -> v.toLowerCase(Locale.ROOT).contains(needle))
                        .orElse(false)
                || s.stringAttribute(SpanAttributes.OUTPUT_VALUE)
                        .map(v -> v.toLowerCase(Locale.ROOT).contains(needle))
                        .orElse(false);
    }

    @Override
    public List<StoredSpan> trace(TraceId traceId) {
        Map<SpanId, Rollup> r = rollups(traceId);
        return spans.values().stream()
                .filter(s -> s.traceId().equals(traceId))
                .sorted(Comparator.comparing(Span::start))
                .map(s -> new StoredSpan(s, r.get(s.spanId())))
                .toList();
    }

    @Override
    public List<RootSample> rootSamples(UUID projectId, Instant from, Instant to) {
        return spans.values().stream()
                .filter(Span::isRoot)
                .filter(s -> s.scope().projectId().equals(projectId) && inRange(s, from, to))
                .map(s -> new RootSample(
                        s.start(), s.end(), stored(s).cumulative().tokens()))
                .toList();
    }

    @Override
    public List<TokenSample> tokenSamples(UUID projectId, Instant from, Instant to) {
        return spans.values().stream()
                .filter(s -> s.scope().projectId().equals(projectId) && inRange(s, from, to))
                .filter(s -> s.ownTokens().total() > 0)
                .map(s -> new TokenSample(s.start(), s.ownTokens()))
                .toList();
    }

    private static boolean inRange(Span s, Instant from, Instant to) {
        return !s.start().isBefore(from) && s.start().isBefore(to);
    }

    @Override
    public long platformTokens(OrganizationId organization) {
        return usage.getOrDefault(organization, 0L);
    }
}
