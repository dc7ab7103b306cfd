package io.draftnrun.adapter.out.otel;

import io.draftnrun.application.shared.port.Metrics;
import io.draftnrun.application.trace.port.SpanSink;
import io.draftnrun.domain.trace.Span;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports finished spans over OTLP. {@link #accept} only offers the span to a bounded queue (never blocks, never
 * throws); one background thread maps queued spans to OTel span data (ids unchanged) and hands them to the OTLP
 * exporter in batches of at most {@code batchSize}, waiting at most {@code scheduleDelay} for a batch to fill. Spans
 * that do not fit in the queue or whose export fails are dropped and counted ({@link Metrics#spansDropped}); the loss
 * is logged once when it starts and once when the collector answers again, never with the headers.
 */
public final class OtlpSpanSink implements SpanSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OtlpSpanSink.class);

    /**
     * The exporter logs every failed request through java.util.logging; this sink reports outages itself (once), so
     * that logger is silenced. Held here so the level setting is not garbage-collected with the logger.
     */
    private static final java.util.logging.Logger EXPORTER_JUL =
            java.util.logging.Logger.getLogger("io.opentelemetry.exporter.otlp.internal");

    private static final Object STOP = new Object();

    private record Flush(CountDownLatch done) {}

    private final SpanExporter exporter;
    private final Resource resource;
    private final Metrics metrics;
    private final OtlpSettings settings;
    private final String target;
    private final BlockingQueue<Object> queue;
    private final Thread worker;
    private final AtomicLong exported = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedInOutage = new AtomicLong();
    private final AtomicBoolean overflowing = new AtomicBoolean();
    private final AtomicBoolean collectorDown = new AtomicBoolean();
    private volatile boolean closed;

    OtlpSpanSink(SpanExporter exporter, OtlpSettings settings, Metrics metrics) {
        this.exporter = Objects.requireNonNull(exporter, "exporter");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.resource = Resource.getDefault()
                .merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), settings.serviceName())));
        this.target =
                settings.endpoint().getScheme() + "://" + settings.endpoint().getHost()
                        + (settings.endpoint().getPort() < 0
                                ? ""
                                : ":" + settings.endpoint().getPort());
        // a few slots beyond the capacity for flush and stop markers
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity() + 8);
        this.worker = Thread.ofPlatform().daemon().name("otlp-span-exporter").start(this::exportLoop);
    }

    /**
     * Starts exporting to the collector described by {@code settings}.
     *
     * @throws IllegalStateException when the protocol has no transport on the class path (gRPC needs a gRPC sender
     *     module, which this build does not ship)
     */
    public static OtlpSpanSink start(OtlpSettings settings, Metrics metrics) {
        EXPORTER_JUL.setLevel(Level.OFF);
        SpanExporter exporter = switch (settings.protocol()) {
            case HTTP_PROTOBUF -> {
                OtlpHttpSpanExporterBuilder b = OtlpHttpSpanExporter.builder()
                        .setEndpoint(settings.endpoint().toString())
                        .setTimeout(settings.exportTimeout());
                settings.headers().forEach(b::addHeader);
                if (!settings.retry()) {
                    b.setRetryPolicy(null);
                }
                yield b.build();
            }
            case GRPC -> {
                OtlpGrpcSpanExporterBuilder b = OtlpGrpcSpanExporter.builder()
                        .setEndpoint(settings.endpoint().toString())
                        .setTimeout(settings.exportTimeout());
                settings.headers().forEach(b::addHeader);
                if (!settings.retry()) {
                    b.setRetryPolicy(null);
                }
                try {
                    yield b.build();
                } catch (IllegalStateException e) {
                    throw new IllegalStateException("OTEL_EXPORTER_OTLP_PROTOCOL=grpc needs a gRPC sender"
                            + " (opentelemetry-exporter-sender-okhttp or -grpc-managed-channel), which this"
                            + " build does not ship: use http/protobuf (the collector's port 4318)");
                }
            }
        };
        return new OtlpSpanSink(exporter, settings, metrics);
    }

    @Override
    public void accept(Span span) {
        if (span == null) {
            return;
        }
        if (closed || queue.size() >= settings.queueCapacity() || !queue.offer(span)) {
            drop(1);
            if (overflowing.compareAndSet(false, true)) {
                LOG.warn(
                        "the OTLP export queue is full ({} spans): spans are dropped and counted until the"
                                + " exporter catches up",
                        settings.queueCapacity());
            }
        }
    }

    /** Spans the collector accepted since start. */
    public long exported() {
        return exported.get();
    }

    /** Spans dropped since start (queue full or export failed). */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Exports every span accepted so far without waiting for a batch to fill; true when that finished (exported or
     * dropped) within {@code timeout}.
     */
    public boolean flush(Duration timeout) {
        if (closed || !worker.isAlive()) {
            return queue.isEmpty();
        }
        Flush flush = new Flush(new CountDownLatch(1));
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            return queue.offer(flush, timeout.toNanos(), TimeUnit.NANOSECONDS)
                    && flush.done().await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void exportLoop() {
        List<Span> batch = new ArrayList<>(settings.batchSize());
        long deadline = 0;
        while (true) {
            Object item;
            try {
                item = batch.isEmpty() ? queue.take() : queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                drop(batch.size() + spansIn(queue));
                return;
            }
            if (item == null) { // the batch waited long enough
                export(batch);
            } else if (item instanceof Span span) {
                if (batch.isEmpty()) {
                    deadline = System.nanoTime() + settings.scheduleDelay().toNanos();
                }
                batch.add(span);
                if (batch.size() >= settings.batchSize()) {
                    export(batch);
                }
            } else if (item instanceof Flush flush) {
                export(batch);
                flush.done().countDown();
            } else if (item == STOP) {
                export(batch);
                return;
            }
        }
    }

    private void export(List<Span> batch) {
        if (batch.isEmpty()) {
            return;
        }
        int count = batch.size();
        try {
            List<SpanData> data = new ArrayList<>(count);
            for (Span span : batch) {
                data.add(OtelSpans.toSpanData(span, resource));
            }
            CompletableResultCode result = exporter.export(data);
            result.join(settings.exportTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
            if (result.isSuccess()) {
                exported.addAndGet(count);
                if (collectorDown.compareAndSet(true, false)) {
                    LOG.info(
                            "the OTLP collector at {} answers again: spans are exported ({} dropped during the outage)",
                            target,
                            droppedInOutage.getAndSet(0));
                }
                if (queue.isEmpty()) {
                    overflowing.set(false);
                }
            } else {
                failed(count, reason(result));
            }
        } catch (RuntimeException e) {
            failed(count, e.getClass().getSimpleName());
        } finally {
            batch.clear();
        }
    }

    private void failed(int count, String reason) {
        drop(count);
        droppedInOutage.addAndGet(count);
        if (collectorDown.compareAndSet(false, true)) {
            LOG.warn(
                    "cannot export spans to the OTLP collector at {} ({}): spans are dropped and counted"
                            + " (draftnrun_spans_dropped_total) until it answers again",
                    target,
                    reason);
        }
    }

    /** Why an export failed, without anything the collector or the headers could have put in a message. */
    private static String reason(CompletableResultCode result) {
        Throwable failure = result.getFailureThrowable();
        if (failure != null && failure.getCause() != null) {
            return failure.getCause().getClass().getSimpleName(); // e.g. ConnectException, HttpTimeoutException
        }
        if (failure != null) {
            return "the collector answered with an error status";
        }
        return result.isDone() ? "export failed" : "timed out";
    }

    private static int spansIn(BlockingQueue<Object> queue) {
        return (int) queue.stream().filter(Span.class::isInstance).count();
    }

    private void drop(int count) {
        if (count > 0) {
            dropped.addAndGet(count);
            metrics.spansDropped(count);
        }
    }

    /**
     * Stops accepting spans, exports what is queued and shuts the exporter down, waiting at most {@code timeout};
     * spans still queued then are dropped and counted.
     */
    public void close(Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (queue.offer(STOP, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                worker.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            worker.interrupt();
        }
        exporter.shutdown().join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
