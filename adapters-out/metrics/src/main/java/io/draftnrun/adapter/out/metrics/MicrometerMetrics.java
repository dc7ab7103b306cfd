package io.draftnrun.adapter.out.metrics;

import io.draftnrun.application.shared.port.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The {@link Metrics} port on a Prometheus registry. Metric names (Prometheus form): {@code draftnrun_http_requests}
 * (timer: method, route, status), {@code draftnrun_graphql_operations} (timer: operation, outcome),
 * {@code draftnrun_runs} (timer: status), {@code draftnrun_nodes} (timer: component, status),
 * {@code draftnrun_llm_tokens_total} (provider, type=prompt|completion), {@code draftnrun_ingestion_queue_depth},
 * {@code draftnrun_ingestion_tasks_total} (outcome), {@code draftnrun_spans_dropped_total},
 * {@code draftnrun_spans_written_total}, {@code draftnrun_span_buffer_size}, plus the JVM's.
 */
public final class MicrometerMetrics implements Metrics, AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter spansDropped;
    private final Counter spansWritten;
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public MicrometerMetrics() {
        registry.config().commonTags("application", "draftnrun");
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        spansDropped = Counter.builder("draftnrun.spans.dropped")
                .description("Spans lost because the buffer was full or the traces database was unavailable")
                .register(registry);
        spansWritten = Counter.builder("draftnrun.spans.written")
                .description("Spans written to the traces database")
                .register(registry);
    }

    /** The current values in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void httpRequest(String method, String route, int status, Duration duration) {
        Timer.builder("draftnrun.http.requests")
                .description("HTTP requests by method, route pattern and status")
                .tag("method", safe(method))
                .tag("route", safe(route))
                .tag("status", Integer.toString(status))
                .register(registry)
                .record(duration);
    }

    @Override
    public void graphQlOperation(String operation, String outcome, Duration duration) {
        Timer.builder("draftnrun.graphql.operations")
                .description("GraphQL operations by root fields and outcome")
                .tag("operation", safe(operation))
                .tag("outcome", safe(outcome))
                .register(registry)
                .record(duration);
    }

    @Override
    public void runFinished(String status, Duration duration) {
        Timer.builder("draftnrun.runs")
                .description("Runs by final status, with their durations")
                .tag("status", safe(status))
                .register(registry)
                .record(duration);
    }

    @Override
    public void nodeFinished(String component, String status, Duration duration) {
        Timer.builder("draftnrun.nodes")
                .description("Node executions by component and status, with their durations")
                .tag("component", safe(component))
                .tag("status", safe(status))
                .register(registry)
                .record(duration);
    }

    @Override
    public void llmTokens(String provider, long prompt, long completion) {
        if (prompt > 0) {
            tokens(provider, "prompt").increment(prompt);
        }
        if (completion > 0) {
            tokens(provider, "completion").increment(completion);
        }
    }

    private Counter tokens(String provider, String type) {
        return Counter.builder("draftnrun.llm.tokens")
                .description("LLM tokens by provider and type")
                .tag("provider", safe(provider))
                .tag("type", type)
                .register(registry);
    }

    @Override
    public void ingestionQueueDepth(LongSupplier depth) {
        Gauge.builder("draftnrun.ingestion.queue.depth", () -> {
                    try {
                        return depth.getAsLong();
                    } catch (RuntimeException e) {
                        return Double.NaN;
                    }
                })
                .description("Ingestion tasks waiting in the queue")
                .register(registry);
    }

    @Override
    public void runQueue(LongSupplier depth, java.util.function.DoubleSupplier oldestAgeSeconds) {
        Gauge.builder("draftnrun.run.queue.depth", () -> {
                    try {
                        return depth.getAsLong();
                    } catch (RuntimeException e) {
                        return Double.NaN;
                    }
                })
                .description("Runs accepted without waiting and not yet started by any instance")
                .register(registry);
        Gauge.builder("draftnrun.run.queue.oldest.age.seconds", () -> {
                    try {
                        return oldestAgeSeconds.getAsDouble();
                    } catch (RuntimeException e) {
                        return Double.NaN;
                    }
                })
                .description("How long the oldest run still queued has waited (0 when none)")
                .register(registry);
    }

    @Override
    public void ingestionTaskFinished(String outcome) {
        Counter.builder("draftnrun.ingestion.tasks")
                .description("Ingestion tasks by outcome")
                .tag("outcome", safe(outcome))
                .register(registry)
                .increment();
    }

    @Override
    public void spansDropped(long count) {
        spansDropped.increment(count);
    }

    @Override
    public void spansWritten(long count) {
        spansWritten.increment(count);
    }

    @Override
    public void spanBufferSize(LongSupplier size) {
        Gauge.builder("draftnrun.span.buffer.size", size::getAsLong)
                .description("Spans waiting to be written")
                .register(registry);
    }

    private static String safe(String value) {
        if (value == null || value.isBlank()) {
            return "unknown";
        }
        return value.length() > 120 ? value.substring(0, 120) : value;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
