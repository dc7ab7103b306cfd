package io.draftnrun.adapter.in.worker;

import io.draftnrun.application.knowledge.IngestionInterrupted;
import io.draftnrun.application.knowledge.JobDelivery;
import io.draftnrun.application.knowledge.ProcessIngestionTask;
import io.draftnrun.application.knowledge.RequeuePendingTasks;
import io.draftnrun.application.knowledge.port.IngestionQueue;
import io.draftnrun.application.shared.port.Metrics;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The ingestion worker, an inbound adapter: consumes the ingestion queue, takes a job only when fewer than
 * {@code maxConcurrent} run here (the others stay queued for any worker), drives the {@link ProcessIngestionTask} use
 * case with it and acknowledges it once the task's outcome is committed. Also: takes over jobs another worker left un-acknowledged for {@code reclaimIdle} (a crashed worker),
 * keeps its own running jobs from being taken over, and has tasks left pending in the database for {@code sweepAfter}
 * queued again ({@link RequeuePendingTasks}: their job was never queued). The pipeline ends a task itself on any deterministic failure; only
 * an outage leaves a job un-acknowledged, and a job still failing after {@code maxDeliveries} deliveries fails its
 * task, so every task ends in bounded time.
 *
 * <p>Closing stops taking jobs, lets running ones finish within {@code stopGrace}, then asks them to stop between
 * two batches: their jobs stay un-acknowledged and another worker finishes them.
 */
public final class IngestionWorker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(IngestionWorker.class.getName());

    public record Settings(
            String consumer,
            int maxConcurrent,
            Duration pollWait,
            Duration reclaimIdle,
            Duration sweepAfter,
            int maxDeliveries,
            Duration stopGrace) {
        public Settings {
            Objects.requireNonNull(consumer, "consumer");
            if (maxConcurrent < 1) {
                throw new IllegalArgumentException("MAX_CONCURRENT_INGESTIONS must be at least 1");
            }
            if (maxDeliveries < 1) {
                throw new IllegalArgumentException("maxDeliveries must be at least 1");
            }
        }

        public static Settings defaults(String consumer, int maxConcurrent) {
            return new Settings(
                    consumer,
                    maxConcurrent,
                    Duration.ofSeconds(1),
                    Duration.ofMinutes(2),
                    Duration.ofMinutes(5),
                    5,
                    Duration.ofSeconds(20));
        }
    }

    private final IngestionQueue queue;
    private final ProcessIngestionTask pipeline;
    private final RequeuePendingTasks requeue;
    private final Settings settings;
    private final Metrics metrics;
    private final Semaphore slots;
    private final ExecutorService jobs = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timers;
    private final Map<String, JobDelivery> running = new ConcurrentHashMap<>();
    private final Set<String> runningTasks = ConcurrentHashMap.newKeySet();
    private volatile boolean accepting = true;
    private volatile boolean stopping = false;
    private final Thread loop;

    public IngestionWorker(
            IngestionQueue queue,
            ProcessIngestionTask pipeline,
            RequeuePendingTasks requeue,
            Settings settings,
            Metrics metrics) {
        this.queue = queue;
        this.pipeline = pipeline;
        this.requeue = requeue;
        this.settings = settings;
        this.metrics = metrics;
        this.slots = new Semaphore(settings.maxConcurrent());
        this.timers = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("ingestion-timers").factory());
        this.loop = Thread.ofPlatform().daemon().name("ingestion-worker").unstarted(this::consume);
    }

    /** Starts consuming; returns at once. */
    public IngestionWorker start() {
        long extendEvery = Math.max(50, settings.reclaimIdle().toMillis() / 3);
        timers.scheduleWithFixedDelay(this::extendRunning, extendEvery, extendEvery, TimeUnit.MILLISECONDS);
        long sweepEvery = Math.max(100, settings.sweepAfter().toMillis() / 2);
        timers.scheduleWithFixedDelay(this::sweep, sweepEvery, sweepEvery, TimeUnit.MILLISECONDS);
        metrics.ingestionQueueDepth(this::safePending);
        loop.start();
        LOG.log(
                System.Logger.Level.INFO,
                "ingestion worker {0} started (at most {1} jobs at once)",
                settings.consumer(),
                settings.maxConcurrent());
        return this;
    }

    /** Whether the worker was told to stop its running jobs (killed, or past the grace of a close). */
    public boolean stopping() {
        return stopping;
    }

    private void consume() {
        long nextReclaim = 0;
        while (accepting) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                return;
            }
            boolean handedOver = false;
            try {
                if (!accepting) {
                    return;
                }
                java.util.List<JobDelivery> got = java.util.List.of();
                if (System.nanoTime() >= nextReclaim) {
                    got = queue.reclaim(settings.consumer(), settings.reclaimIdle(), 1);
                    nextReclaim = System.nanoTime()
                            + Math.max(50, settings.reclaimIdle().toMillis() / 2) * 1_000_000;
                }
                if (got.isEmpty()) {
                    got = queue.receive(settings.consumer(), 1, settings.pollWait());
                }
                if (!got.isEmpty() && accepting) {
                    JobDelivery delivery = got.getFirst();
                    running.put(delivery.id(), delivery);
                    jobs.submit(() -> handle(delivery));
                    handedOver = true;
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "ingestion queue unavailable: {0}", e.getMessage());
                pause(settings.pollWait());
            } finally {
                if (!handedOver) {
                    slots.release();
                }
            }
        }
    }

    private void handle(JobDelivery delivery) {
        String task = delivery.job().taskId().toString();
        try {
            if (!runningTasks.add(task)) {
                queue.ack(delivery); // the same task is already running here
                return;
            }
            try {
                if (delivery.deliveryCount() > settings.maxDeliveries()) {
                    pipeline.fail(delivery.job(), "the task failed " + settings.maxDeliveries() + " times; giving up");
                    metrics.ingestionTaskFinished("failed");
                } else {
                    pipeline.run(delivery.job(), () -> stopping);
                    metrics.ingestionTaskFinished(pipeline.completed(delivery.job()) ? "succeeded" : "failed");
                }
                queue.ack(delivery);
            } finally {
                runningTasks.remove(task);
            }
        } catch (IngestionInterrupted e) {
            LOG.log(System.Logger.Level.INFO, "task {0} left for another worker", task);
        } catch (RuntimeException e) {
            metrics.ingestionTaskFinished("retried");
            LOG.log(
                    System.Logger.Level.WARNING,
                    "task {0} failed unexpectedly (delivery {1}), it will be retried: {2}",
                    task,
                    delivery.deliveryCount(),
                    e.toString());
        } finally {
            running.remove(delivery.id());
            slots.release();
        }
    }

    private void extendRunning() {
        for (JobDelivery delivery : running.values()) {
            try {
                queue.extend(settings.consumer(), delivery);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "extending {0} failed: {1}", delivery.id(), e.getMessage());
            }
        }
    }

    private void sweep() {
        try {
            requeue.requeue(settings.sweepAfter());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "sweeping pending tasks failed: {0}", e.getMessage());
        }
    }

    private long safePending() {
        try {
            return queue.pendingCount();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration); // back-off while the queue is unreachable
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops now: running jobs stop at their next batch and stay un-acknowledged (a crash, as far as the queue knows). */
    public void kill() {
        stopping = true;
        close();
    }

    @Override
    public void close() {
        accepting = false;
        timers.shutdownNow();
        jobs.shutdown();
        try {
            if (!jobs.awaitTermination(settings.stopGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                stopping = true;
                if (!jobs.awaitTermination(30, TimeUnit.SECONDS)) {
                    jobs.shutdownNow();
                }
            }
            loop.join(settings.pollWait().toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.log(System.Logger.Level.INFO, "ingestion worker {0} stopped", settings.consumer());
    }
}
