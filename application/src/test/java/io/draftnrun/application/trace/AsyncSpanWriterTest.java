package io.draftnrun.application.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.draftnrun.application.shared.port.Metrics;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.trace.SpanKind;
import io.draftnrun.domain.trace.TraceScope;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class AsyncSpanWriterTest {
    final TraceScope scope =
            TraceScope.ofRun(UUID.randomUUID(), new OrganizationId(UUID.randomUUID()), "draft", UUID.randomUUID());

    /** A store whose first write blocks until the test releases it, as a store that hangs would. */
    static final class BlockedStore implements io.draftnrun.application.trace.port.SpanStore {
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger returned = new AtomicInteger();

        @Override
        public void write(List<io.draftnrun.domain.trace.Span> spans) {
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            returned.incrementAndGet();
        }
    }

    @Test
    void endingASpanNeverWaitsForTheStoreEvenWhenItHangs() throws Exception {
        BlockedStore store = new BlockedStore();
        AsyncSpanWriter writer = new AsyncSpanWriter(
                store,
                Metrics.NOOP,
                new AsyncSpanWriter.Settings(100, 10, Duration.ofMillis(10), Duration.ofMillis(50)));
        try {
            Tracer tracer = new Tracer(writer);
            tracer.startTrace(scope, "first", SpanKind.CHAIN).end();
            await().atMost(Duration.ofSeconds(30)).until(() -> store.writing.getCount() == 0);
            // the writer's thread is now inside write(), which returns only when the test releases it at the end:
            // an end() that waited for the store would never return and the await below would fail
            AtomicInteger ended = new AtomicInteger();
            Thread caller = Thread.ofPlatform().name("span-ender").start(() -> {
                for (int i = 0; i < 1_000; i++) {
                    tracer.startTrace(scope, "run" + i, SpanKind.CHAIN).end();
                    ended.incrementAndGet();
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> !caller.isAlive());
            assertThat(ended.get()).isEqualTo(1_000);
            assertThat(store.release.getCount())
                    .as("the store is still blocked")
                    .isOne();
            assertThat(store.returned.get()).as("no write returned yet").isZero();
            // bounded: the buffer holds its capacity, the rest is dropped and counted
            assertThat(writer.pending()).isEqualTo(100);
            assertThat(writer.dropped()).isEqualTo(900);
            assertThat(writer.written()).isZero();
        } finally {
            store.release.countDown();
            writer.close(Duration.ofSeconds(30));
        }
        assertThat(writer.written())
                .as("once released, the first span and the buffer are written")
                .isEqualTo(101);
    }

    @Test
    void anUnavailableStoreDropsCountsAndLogsOnce() throws Exception {
        InMemoryTraceStore store = new InMemoryTraceStore();
        AtomicLong droppedMetric = new AtomicLong();
        Metrics metrics = new Metrics() {
            @Override
            public void spansDropped(long count) {
                droppedMetric.addAndGet(count);
            }
        };
        List<LogRecord> logs = new CopyOnWriteArrayList<>();
        Logger jul = Logger.getLogger(AsyncSpanWriter.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logs.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jul.addHandler(handler);
        try (AsyncSpanWriter writer = new AsyncSpanWriter(
                store, metrics, new AsyncSpanWriter.Settings(100, 10, Duration.ofMillis(10), Duration.ofMillis(50)))) {
            Tracer tracer = new Tracer(writer);
            store.setDown(true);
            for (int i = 0; i < 1_000; i++) {
                tracer.startTrace(scope, "run" + i, SpanKind.CHAIN).end();
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> writer.dropped() + writer.pending() == 1_000 && writer.pending() == 0);
            assertThat(writer.dropped()).isEqualTo(1_000);
            assertThat(droppedMetric.get()).isEqualTo(1_000);
            long errors = logs.stream()
                    .filter(r -> r.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                    .count();
            assertThat(errors).isEqualTo(1);

            store.setDown(false);
            // spans arriving during the back-off are still dropped; the first one after it is written
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                tracer.startTrace(scope, "after", SpanKind.CHAIN).end();
                return writer.written() > 0;
            });
            assertThat(store.size()).isPositive();
            assertThat(logs).anySatisfy(r -> assertThat(r.getMessage()).contains("is back"));
        } finally {
            jul.removeHandler(handler);
        }
    }

    /** A store that keeps the size of each batch it was given. */
    static final class BatchSizes implements io.draftnrun.application.trace.port.SpanStore {
        final List<Integer> sizes = new CopyOnWriteArrayList<>();

        @Override
        public void write(List<io.draftnrun.domain.trace.Span> spans) {
            sizes.add(spans.size());
        }

        int total() {
            return sizes.stream().mapToInt(Integer::intValue).sum();
        }
    }

    @Test
    void lingeringCollectsSpansArrivingOneByOneIntoOneBatchWrittenAsSoonAsItIsFull() throws Exception {
        BatchSizes store = new BatchSizes();
        // a linger far longer than the test: the batch is written because it is full, not because time passed
        try (AsyncSpanWriter writer = new AsyncSpanWriter(
                store,
                Metrics.NOOP,
                new AsyncSpanWriter.Settings(
                        1_000, 40, Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofSeconds(60)))) {
            Tracer tracer = new Tracer(writer);
            for (int run = 0; run < 10; run++) { // 10 runs of 4 spans, each handed over as it ends
                try (SpanHandle root = tracer.startTrace(scope, "run" + run, SpanKind.CHAIN)) {
                    try (SpanHandle node = root.child("node", SpanKind.AGENT)) {
                        node.child("llm", SpanKind.LLM).tokens(1, 1).end();
                    }
                    root.child("output", SpanKind.CHAIN).end();
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.written() == 40);
            assertThat(store.sizes).containsExactly(40);
        }
    }

    @Test
    void closingWhileLingeringWritesWhatWasCollected() {
        BatchSizes store = new BatchSizes();
        AsyncSpanWriter writer = new AsyncSpanWriter(
                store,
                Metrics.NOOP,
                new AsyncSpanWriter.Settings(
                        1_000, 500, Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofSeconds(60)));
        Tracer tracer = new Tracer(writer);
        for (int i = 0; i < 3; i++) {
            tracer.startTrace(scope, "run" + i, SpanKind.CHAIN).end();
        }
        writer.close(Duration.ofSeconds(10));
        assertThat(store.total()).isEqualTo(3);
        assertThat(writer.written()).isEqualTo(3);
        assertThat(writer.dropped()).isZero();
    }

    @Test
    void withoutLingerTheDefaultsOfTheFourArgumentSettingsAreKept() {
        assertThat(new AsyncSpanWriter.Settings(10, 5, Duration.ofMillis(1), Duration.ofMillis(1)).linger())
                .isZero();
        assertThat(AsyncSpanWriter.Settings.DEFAULTS.linger()).isEqualTo(Duration.ofMillis(200));
        assertThat(AsyncSpanWriter.Settings.DEFAULTS.batchSize()).isEqualTo(2_000);
    }
}
