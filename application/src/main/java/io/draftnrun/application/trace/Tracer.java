package io.draftnrun.application.trace;

import io.draftnrun.application.trace.port.SpanSink;
import io.draftnrun.domain.trace.Span;
import io.draftnrun.domain.trace.SpanId;
import io.draftnrun.domain.trace.SpanKind;
import io.draftnrun.domain.trace.TraceId;
import io.draftnrun.domain.trace.TraceScope;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records the spans of runs. Start a root span per run with {@link #startTrace}, open children from the handle (or
 * from a {@link TraceContext} with {@link #startChild}), end each one; finished spans go to the {@link SpanSink}.
 * No thread-locals: the context travels explicitly, so parallel nodes on virtual threads each keep their parent.
 * When the sink does not listen ({@link #disabled()}), handles record nothing.
 *
 * <p>Cumulative token and error counts are computed here as spans end ({@link OpenTrace}) and travel on each finished
 * {@link Span}; the tracer keeps the open traces by id until their root span ends (so a root that never ends keeps
 * its trace in memory: always end spans, try-with-resources does).
 */
public final class Tracer {
    private static final System.Logger LOG = System.getLogger(Tracer.class.getName());

    private final SpanSink sink;
    private final Clock clock;
    private final boolean enabled;
    private final Map<TraceId, OpenTrace> openTraces = new ConcurrentHashMap<>();

    public Tracer(SpanSink sink, Clock clock) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.enabled = sink.enabled();
    }

    public Tracer(SpanSink sink) {
        this(sink, Clock.systemUTC());
    }

    /** A tracer that records nothing (handles still carry trace ids). */
    public static Tracer disabled() {
        return new Tracer(SpanSink.fanOut(java.util.List.of()));
    }

    public boolean enabled() {
        return enabled;
    }

    /** Opens the root span of a new trace (a run). */
    public SpanHandle startTrace(TraceScope scope, String name, SpanKind kind) {
        return startTrace(scope, TraceId.random(), name, kind);
    }

    /** Opens the root span of the trace {@code traceId} (e.g. the id already stored on the run). */
    public SpanHandle startTrace(TraceScope scope, TraceId traceId, String name, SpanKind kind) {
        // the root's id derives from the trace's, so a trace whose process died can be closed (closeAbandoned)
        TraceContext context = new TraceContext(traceId, SpanId.rootOf(traceId), scope);
        if (!enabled) {
            return new NoopSpan(context);
        }
        OpenTrace trace = new OpenTrace(false);
        openTraces.put(traceId, trace);
        return new RecordingSpan(this, trace, context, Optional.empty(), name, kind);
    }

    /** Opens a child of the span {@code parent}. */
    public SpanHandle startChild(TraceContext parent, String name, SpanKind kind) {
        if (!enabled) {
            return new NoopSpan(parent);
        }
        OpenTrace trace = openTraces.get(parent.traceId());
        // a trace this tracer does not hold open (its root ended, or another process started it): roll-ups unknown
        return startChild(trace == null ? new OpenTrace(true) : trace, parent, name, kind);
    }

    SpanHandle startChild(OpenTrace trace, TraceContext parent, String name, SpanKind kind) {
        TraceContext context = new TraceContext(parent.traceId(), SpanId.random(), parent.scope());
        return new RecordingSpan(this, trace, context, Optional.of(parent.spanId()), name, kind);
    }

    /**
     * Ends, as an error, the root span of a trace whose process died before ending it (a run failed as interrupted):
     * its stored children point to it ({@link SpanId#rootOf}). Nothing when tracing is off.
     */
    public void closeAbandoned(TraceScope scope, TraceId traceId, String name, Instant start, String error) {
        if (!enabled) {
            return;
        }
        Instant end = clock.instant();
        emit(new Span(
                traceId,
                SpanId.rootOf(traceId),
                Optional.empty(),
                name,
                SpanKind.CHAIN,
                start,
                end.isBefore(start) ? start : end,
                scope.runId()
                        .map(id -> Map.<String, Object>of("run_id", id.toString()))
                        .orElse(Map.of()),
                java.util.List.of(),
                io.draftnrun.domain.trace.SpanStatus.error(error),
                scope));
    }

    void rootEnded(TraceId traceId, OpenTrace trace) {
        openTraces.remove(traceId, trace);
    }

    /** Traces whose root span is still open (for tests). */
    int openTraces() {
        return openTraces.size();
    }

    Instant now() {
        return clock.instant();
    }

    void emit(Span span) {
        try {
            sink.accept(span);
        } catch (RuntimeException e) {
            // the sink's contract says it never throws; if it does anyway, the run must not fail because of it
            LOG.log(System.Logger.Level.DEBUG, "span sink failed", e);
        }
    }
}
