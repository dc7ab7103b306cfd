package io.draftnrun.bootstrap;

import io.draftnrun.adapter.out.metrics.MicrometerMetrics;
import io.draftnrun.adapter.out.otel.OtlpSettings;
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
 * <p>Settings: {@code TRACING_ENABLED} (true), {@code TRACE_BUFFER_SIZE} (10000), {@code TRACE_BATCH_SIZE} (2000),
 * {@code TRACE_LINGER_MS} (200: how long the span writer waits after a first span to fill a batch; 0 writes at once),
 * {@code PLATFORM_TOKEN_LIMIT} (2000000), {@code METRICS_PUBLIC} (true, read by ApiServer), and the OpenTelemetry
 * variables {@code OTEL_EXPORTER_OTLP_ENDPOINT} (unset: no export), {@code OTEL_EXPORTER_OTLP_PROTOCOL}
 * ({@code http/protobuf}), {@code OTEL_EXPORTER_OTLP_HEADERS}, {@code OTEL_SERVICE_NAME} ({@code draftnrun}).
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
    public static Tracing start(Settings settings, Infrastructure infrastructure, ProjectDirectory projects) {
        MicrometerMetrics metrics = new MicrometerMetrics();
        List<SpanSink> sinks = new ArrayList<>();
        sinks.add(new MetricsSpanSink(metrics));
        Optional<AsyncSpanWriter> writer = Optional.empty();
        if (settings.bool("TRACING_ENABLED", true)) {
            AsyncSpanWriter w = new AsyncSpanWriter(
                    new JooqSpanStore(infrastructure.traces.dsl()),
                    metrics,
                    new AsyncSpanWriter.Settings(
                            settings.integer("TRACE_BUFFER_SIZE", 10_000, 1, 10_000_000),
                            settings.integer(
                                    "TRACE_BATCH_SIZE", AsyncSpanWriter.Settings.DEFAULT_BATCH_SIZE, 1, 10_000),
                            Duration.ofMillis(200),
                            Duration.ofSeconds(1),
                            Duration.ofMillis(settings.integer(
                                    "TRACE_LINGER_MS",
                                    (int) AsyncSpanWriter.Settings.DEFAULT_LINGER.toMillis(),
                                    0,
                                    10_000))));
            sinks.add(w);
            writer = Optional.of(w);
        }
        Optional<OtlpSpanSink> otlp;
        try {
            otlp = OtlpSettings.fromVariables(settings::get).map(s -> OtlpSpanSink.start(s, metrics));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ConfigException(e.getMessage());
        }
        otlp.ifPresent(sinks::add);
        Tracer tracer = new Tracer(SpanSink.fanOut(sinks));
        TraceQueries queries =
                new TraceQueries(new JooqTraceReadModel(infrastructure.traces.dsl()), projects, Clock.systemUTC());
        long limit;
        try {
            limit = Long.parseLong(settings.string("PLATFORM_TOKEN_LIMIT", Long.toString(UsageLimiter.DEFAULT_LIMIT))
                    .trim()
                    .replace("_", "")
                    .replace(",", ""));
        } catch (NumberFormatException e) {
            throw new ConfigException("PLATFORM_TOKEN_LIMIT must be a whole number of tokens");
        }
        UsageLimiter limiter = new UsageLimiter(new JooqUsageLedger(infrastructure.traces.dsl()), limit);
        return new Tracing(metrics, writer, otlp, tracer, queries, limiter);
    }

    @Override
    public void close() {
        writer.ifPresent(w -> w.close(Duration.ofSeconds(5)));
        otlp.ifPresent(o -> o.close(Duration.ofSeconds(5)));
        metrics.close();
    }
}
