package io.draftnrun.application.trace;

import io.draftnrun.application.shared.port.Metrics;
import io.draftnrun.application.trace.port.SpanSink;
import io.draftnrun.application.trace.port.SpanStore;
import io.draftnrun.domain.trace.Span;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes finished spans to the {@link SpanStore} in the background: a bounded buffer that {@link #accept} only offers
 * to (never blocks, never throws), drained by one thread in batches. When the buffer is full or a batch cannot be
 * written (the traces database is down), the spans are dropped and counted; the loss is logged once when it starts
 * and once when writing works again, not per span.
 */
public final class AsyncSpanWriter implements SpanSink, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AsyncSpanWriter.class.getName());

    /** Buffer size, batch size and how long the writer waits for a batch to fill. */
    public record Settings(int capacity, int batchSize, Duration flushInterval) {
        public static final Settings DEFAULTS = new Settings(10_000, 500, Duration.ofMillis(200));

        public Settings {
            if (capacity < 1 || batchSize < 1) {
                throw new IllegalArgumentException("capacity and batch size must be positive");
            }
            Objects.requireNonNull(flushInterval, "flushInterval");
        }
    }

    private final SpanStore store;
    private final Metrics metrics;
    private final Settings settings;
    private final BlockingQueue<Span> buffer;
    private final Thread worker;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong droppedInOutage = new AtomicLong();
    private final AtomicBoolean overflowing = new AtomicBoolean();
    private final AtomicBoolean storeDown = new AtomicBoolean();
    private volatile boolean closed;

    public AsyncSpanWriter(SpanStore store, Metrics metrics, Settings settings) {
        this.store = Objects.requireNonNull(store, "store");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.buffer = new ArrayBlockingQueue<>(settings.capacity());
        metrics.spanBufferSize(buffer::size);
        this.worker = Thread.ofPlatform().daemon().name("span-writer").start(this::drainLoop);
    }

    @Override
    public void accept(Span span) {
        if (closed || !buffer.offer(span)) {
            drop(1);
            if (overflowing.compareAndSet(false, true)) {
                LOG.log(
                        Level.WARNING,
                        "the span buffer is full ({0} spans): spans are being dropped and counted"
                                + " (draftnrun_spans_dropped_total) until the writer catches up",
                        settings.capacity());
            }
        }
    }

    /** Spans dropped since start (buffer full or store unavailable). */
    public long dropped() {
        return dropped.get();
    }

    /** Spans written since start. */
    public long written() {
        return written.get();
    }

    /** Spans waiting in the buffer. */
    public int pending() {
        return buffer.size();
    }

    private void drainLoop() {
        List<Span> batch = new ArrayList<>(settings.batchSize());
        while (!closed || !buffer.isEmpty()) {
            try {
                Span first = buffer.poll(settings.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                buffer.drainTo(batch, settings.batchSize() - 1);
                writeBatch(batch);
            } catch (InterruptedException e) {
                if (!closed) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } finally {
                batch.clear();
            }
        }
    }

    private void writeBatch(List<Span> batch) {
        try {
            store.write(List.copyOf(batch));
        } catch (RuntimeException e) {
            drop(batch.size());
            droppedInOutage.addAndGet(batch.size());
            if (storeDown.compareAndSet(false, true)) {
                LOG.log(
                        Level.ERROR,
                        "cannot write spans to the traces database ({0}): spans are being dropped and counted"
                                + " (draftnrun_spans_dropped_total) until it is back",
                        e.getClass().getSimpleName());
            }
            return;
        }
        written.addAndGet(batch.size());
        metrics.spansWritten(batch.size());
        if (storeDown.compareAndSet(true, false)) {
            LOG.log(
                    Level.INFO,
                    "the traces database is back: spans are written again ({0} dropped during the outage)",
                    droppedInOutage.getAndSet(0));
        }
        if (buffer.isEmpty()) {
            overflowing.set(false);
        }
    }

    private void drop(int count) {
        dropped.addAndGet(count);
        metrics.spansDropped(count);
    }

    /**
     * Stops accepting spans and writes what is buffered, waiting at most {@code timeout}; spans still buffered then
     * are dropped and counted.
     */
    public void close(Duration timeout) {
        closed = true;
        try {
            worker.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            worker.interrupt();
            drop(buffer.size());
            buffer.clear();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
