package io.draftnrun.application.trace;

import io.draftnrun.application.shared.port.Metrics;
import io.draftnrun.application.trace.port.ProjectDirectory;
import io.draftnrun.application.trace.port.SpanSink;
import io.draftnrun.application.trace.port.SpanStore;
import io.draftnrun.application.trace.port.TraceReadModel;
import io.draftnrun.application.trace.port.UsageLedger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The trace slice, built once from its ports and settings (what bootstrap wires): the tracer runs record with (spans
 * to the metrics, to the traces database through the asynchronous writer when enabled, and to the exports), the trace
 * queries and the platform-key usage limiter. Closing the writer is the caller's (it owns a thread).
 */
public record TraceUseCases(
        Tracer tracer, TraceQueries queries, UsageLimiter usageLimiter, Optional<AsyncSpanWriter> writer) {

    /**
     * The ports the slice needs.
     *
     * @param exports further span sinks (e.g. OpenTelemetry), after the metrics and the database
     */
    public record Ports(
            SpanStore spans,
            TraceReadModel reads,
            UsageLedger usage,
            ProjectDirectory projects,
            Metrics metrics,
            List<SpanSink> exports) {}

    /**
     * @param writer how spans are buffered and batched into the traces database; none: not stored
     *     ({@code TRACING_ENABLED=false})
     * @param platformTokenLimit {@code PLATFORM_TOKEN_LIMIT}: tokens an organization may use on the server's keys
     */
    public record Settings(Optional<AsyncSpanWriter.Settings> writer, long platformTokenLimit) {}

    public static TraceUseCases create(Ports p, Settings settings, Clock clock) {
        List<SpanSink> sinks = new ArrayList<>();
        sinks.add(new MetricsSpanSink(p.metrics()));
        Optional<AsyncSpanWriter> writer = settings.writer().map(s -> new AsyncSpanWriter(p.spans(), p.metrics(), s));
        writer.ifPresent(sinks::add);
        sinks.addAll(p.exports());
        return new TraceUseCases(
                new Tracer(SpanSink.fanOut(sinks), clock),
                new TraceQueries(p.reads(), p.projects(), clock),
                new UsageLimiter(p.usage(), settings.platformTokenLimit(), clock, Duration.ofSeconds(5)),
                writer);
    }
}
