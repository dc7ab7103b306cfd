package io.draftnrun.bootstrap;

import io.draftnrun.adapter.out.metrics.MicrometerMetrics;
import io.draftnrun.adapter.out.otel.OtlpSpanSink;
import io.draftnrun.adapter.out.postgres.trace.JooqSpanStore;
import io.draftnrun.adapter.out.postgres.trace.JooqTraceReadModel;
import io.draftnrun.adapter.out.postgres.trace.JooqUsageLedger;
import io.draftnrun.application.trace.AsyncSpanWriter;
import io.draftnrun.application.trace.TraceQueries;
import io.draftnrun.application.trace.TraceUseCases;
import io.draftnrun.application.trace.Tracer;
import io.draftnrun.application.trace.UsageLimiter;
import io.draftnrun.application.trace.port.ProjectDirectory;
import io.draftnrun.application.trace.port.SpanSink;
import java.time.Clock;
import java.time.Duration;
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
        Optional<OtlpSpanSink> otlp;
        try {
            otlp = settings.otlp().map(s -> OtlpSpanSink.start(s, metrics));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ConfigException(e.getMessage());
        }
        var dsl = infrastructure.traces().dsl();
        TraceUseCases traces = TraceUseCases.create(
                new TraceUseCases.Ports(
                        new JooqSpanStore(dsl),
                        new JooqTraceReadModel(dsl),
                        new JooqUsageLedger(dsl),
                        projects,
                        metrics,
                        otlp.<List<SpanSink>>map(List::of).orElse(List.of())),
                new TraceUseCases.Settings(
                        settings.enabled()
                                ? Optional.of(new AsyncSpanWriter.Settings(
                                        settings.bufferSize(),
                                        settings.batchSize(),
                                        Duration.ofMillis(200),
                                        Duration.ofSeconds(1),
                                        settings.linger()))
                                : Optional.empty(),
                        settings.platformTokenLimit()),
                Clock.systemUTC());
        return new Tracing(metrics, traces.writer(), otlp, traces.tracer(), traces.queries(), traces.usageLimiter());
    }

    @Override
    public void close() {
        writer.ifPresent(w -> w.close(Duration.ofSeconds(5)));
        otlp.ifPresent(o -> o.close(Duration.ofSeconds(5)));
        metrics.close();
    }
}
