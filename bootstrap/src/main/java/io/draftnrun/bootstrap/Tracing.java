package io.draftnrun.bootstrap;

import io.draftnrun.adapter.out.metrics.MicrometerMetrics;
import io.draftnrun.adapter.out.otel.OtlpSpanSink;
import io.draftnrun.adapter.out.postgres.trace.JooqSpanStore;
import io.draftnrun.adapter.out.postgres.trace.JooqTraceReadModel;
import io.draftnrun.adapter.out.postgres.trace.JooqUsageLedger;
import io.draftnrun.application.trace.AsyncSpanWriter;
import io.draftnrun.application.trace.MetricsSpanSink;
import io.draftnrun.application.trace.TraceQueries;
import io.draftnrun.application.trace.Tracer;
import io.draftnrun.application.trace.UsageLimiter;
import io.draftnrun.application.trace.port.ProjectDirectory;
import io.draftnrun.application.trace.port.SpanSink;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tracing and metrics wiring: one Prometheus registry, the asynchronous span writer into the traces database
 * (unless {@code TRACING_ENABLED=false}), the OTLP export (when {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set), the
 * tracer the engine records with, the trace queries and the platform-key usage limiter.
 *
 * <p>Settings: {@link Configuration.Traces}.
 */
public record Tracing(
        MicrometerMetrics metrics,
        Optional<AsyncSpanWriter> writer,
        Optional<OtlpSpanSink> otlp,
        Tracer tracer,
        TraceQueries queries,
        UsageLimiter usageLimiter)
        implements AutoCloseable {

    /**
     * Builds the tracing side on the traces database. {@code projects} answers which organization owns a project
     * (until the project slice provides it, no project is found and trace reads answer NOT_FOUND).
     */
    public static Tracing start(
            Configuration.Traces settings, Infrastructure infrastructure, ProjectDirectory projects) {
        MicrometerMetrics metrics = new MicrometerMetrics();
        List<SpanSink> sinks = new ArrayList<>();
        sinks.add(new MetricsSpanSink(metrics));
        Optional<AsyncSpanWriter> writer = Optional.empty();
        if (settings.enabled()) {
            AsyncSpanWriter w = new AsyncSpanWriter(
                    new JooqSpanStore(infrastructure.traces().dsl()),
                    metrics,
                    new AsyncSpanWriter.Settings(
                            settings.bufferSize(),
                            settings.batchSize(),
                            Duration.ofMillis(200),
                            Duration.ofSeconds(1),
                            settings.linger()));
            sinks.add(w);
            writer = Optional.of(w);
        }
        Optional<OtlpSpanSink> otlp;
        try {
            otlp = settings.otlp().map(s -> OtlpSpanSink.start(s, metrics));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ConfigException(e.getMessage());
        }
        otlp.ifPresent(sinks::add);
        Tracer tracer = new Tracer(SpanSink.fanOut(sinks));
        TraceQueries queries =
                new TraceQueries(new JooqTraceReadModel(infrastructure.traces().dsl()), projects, Clock.systemUTC());
        UsageLimiter limiter =
                new UsageLimiter(new JooqUsageLedger(infrastructure.traces().dsl()), settings.platformTokenLimit());
        return new Tracing(metrics, writer, otlp, tracer, queries, limiter);
    }

    @Override
    public void close() {
        writer.ifPresent(w -> w.close(Duration.ofSeconds(5)));
        otlp.ifPresent(o -> o.close(Duration.ofSeconds(5)));
        metrics.close();
    }
}
