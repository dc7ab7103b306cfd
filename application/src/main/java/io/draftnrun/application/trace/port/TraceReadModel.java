package io.draftnrun.application.trace.port;

import io.draftnrun.application.trace.StoredSpan;
import io.draftnrun.application.trace.TraceFilter;
import io.draftnrun.domain.trace.TokenCounts;
import io.draftnrun.domain.trace.TraceId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads of the traces database behind the monitoring views. */
public interface TraceReadModel {
    /**
     * Root spans of a project's traces matching {@code filter}, newest first, at most {@code limit}, strictly after
     * the position {@code after} (a previous page's last root) when given.
     */
    List<StoredSpan> roots(UUID projectId, TraceFilter filter, int limit, Optional<RootPosition> after);

    /** Every span of a trace (empty when unknown). */
    List<StoredSpan> trace(TraceId traceId);

    /** Start, end and cumulative tokens of each root span of a project started in {@code [from, to)}. */
    List<RootSample> rootSamples(UUID projectId, Instant from, Instant to);

    /** Own token counts of each span of a project that has some, started in {@code [from, to)}. */
    List<TokenSample> tokenSamples(UUID projectId, Instant from, Instant to);

    /** Where a root span sits in the newest-first order. */
    record RootPosition(Instant start, String spanId) {}

    record RootSample(Instant start, Instant end, TokenCounts cumulativeTokens) {}

    record TokenSample(Instant start, TokenCounts tokens) {}
}
