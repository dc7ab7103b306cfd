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
import java.util.concurrent.locks.LockSupport;

/**
 * Writes finished spans to the {@link SpanStore} in the background: a bounded buffer that {@link #accept} only offers
 * to (never blocks, never throws), drained by one thread in batches. When the buffer is full or a batch cannot be
 * written (the traces database is down), the spans are dropped and counted; the loss is logged once when it starts
 * and once when writing works again, not per span.
 */
public final class AsyncSpanWriter implements SpanSink, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AsyncSpanWriter.class.getName());

    /**
     * Buffer size, batch size, how long the writer waits for a first span, how long it waits before trying the store
     * again after a failure (doubling up to 30 times that while the store stays down; spans arriving meanwhile are
     * dropped at once rather than waiting for a connection timeout each), and how long it lingers after a first span
     * to collect a bigger batch unless the batch fills first ({@link Duration#ZERO}: write what is there at once).
     * Lingering turns one transaction per run into one per many runs when runs are slow and few, which is what keeps
     * the traces database's cost per span low; spans become visible at most that much later.
     */
    public record Settings(
            int capacity, int batchSize, Duration flushInterval, Duration retryBackoff, Duration linger) {
        public static final Duration DEFAULT_LINGER = Duration.ofMillis(200);
        public static final int DEFAULT_BATCH_SIZE = 2_000;
        public static final Settings DEFAULTS =
                new Settings(10_000, DEFAULT_BATCH_SIZE, Duration.ofMillis(200), Duration.ofSeconds(1), DEFAULT_LINGER);

        public Settings {
            if (capacity < 1 || batchSize < 1) {
                throw new IllegalArgumentException("capacity and batch size must be positive");
            }
            Objects.requireNonNull(flushInterval, "flushInterval");
            Objects.requireNonNull(retryBackoff, "retryBackoff");
            Objects.requireNonNull(linger, "linger");
            if (linger.isNegative()) {
                throw new IllegalArgumentException("linger must not be negative");
            }
        }

        /** Without lingering: each batch is what is buffered when the writer wakes up. */
        public Settings(int capacity, int batchSize, Duration flushInterval, Duration retryBackoff) {
            this(capacity, batchSize, flushInterval, retryBackoff, Duration.ZERO);
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
    private long retryAtNanos;
    private long backoffNanos;

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
                if (storeDown.get() && System.nanoTime() - retryAtNanos < 0) {
                    drop(batch.size()); // the store is down: do not wait for it, try again after the back-off
                    droppedInOutage.addAndGet(batch.size());
                } else {
                    linger(batch);
                    writeBatch(batch);
                }
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

    /**
     * Collects more spans for at most the linger time, unless the batch fills or the writer is closing. It sleeps and
     * looks at the buffer every tenth of the linger rather than waiting on it: a wait would wake this thread, and make
     * the run that handed the span over pay for the wake-up, for every span.
     */
    private void linger(List<Span> batch) {
        long lingerNanos = settings.linger().toNanos();
        if (lingerNanos <= 0) {
            return;
        }
        long deadline = System.nanoTime() + lingerNanos;
        // at most the flush interval at a time, so a close() is noticed as soon as without lingering
        long step = Math.min(
                Math.max(TimeUnit.MILLISECONDS.toNanos(1), lingerNanos / 10),
                settings.flushInterval().toNanos());
        while (batch.size() < settings.batchSize() && !closed) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            LockSupport.parkNanos(this, Math.min(remaining, Math.max(1, step)));
            if (Thread.currentThread().isInterrupted()) {
                break; // write what was collected; the loop then sees the interrupt
            }
            buffer.drainTo(batch, settings.batchSize() - batch.size());
        }
        buffer.drainTo(batch, settings.batchSize() - batch.size());
    }

    private void writeBatch(List<Span> batch) {
        try {
            store.write(List.copyOf(batch));
        } catch (RuntimeException e) {
            drop(batch.size());
            droppedInOutage.addAndGet(batch.size());
            long initial = Math.max(1, settings.retryBackoff().toNanos());
            backoffNanos = storeDown.get() ? Math.min(backoffNanos * 2, initial * 30) : initial;
            retryAtNanos = System.nanoTime() + backoffNanos;
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
