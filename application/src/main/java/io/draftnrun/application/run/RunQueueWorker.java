package io.draftnrun.application.run;

import io.draftnrun.application.run.port.ProjectGraphs;
import io.draftnrun.application.run.port.RunQueue;
import io.draftnrun.application.run.port.RunRepository;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Executes the runs accepted without waiting, from the {@link RunQueue} every instance shares: takes an entry only
 * while fewer than {@code maxConcurrent} queued runs execute here (the others stay queued for any instance), claims
 * its run (QUEUED to RUNNING on this instance, a conditional update, so each run is executed once), acknowledges the
 * entry, then executes the run with the {@link RunEngine}. An entry whose run is no longer QUEUED (cancelled, failed,
 * or claimed by an instance that died before acknowledging) is acknowledged and dropped: a run that started is never
 * executed again. Entries left unacknowledged by a consumer that died before claiming are taken over after
 * {@code reclaimIdle}.
 */
public final class RunQueueWorker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RunQueueWorker.class.getName());

    private final RunQueue queue;
    private final RunRepository runs;
    private final ProjectGraphs projects;
    private final RunEngine engine;
    private final RunEnds ends;
    private final String consumer;
    private final int maxConcurrent;
    private final Duration reclaimIdle;
    private final Clock clock;
    private final Semaphore slots;
    private final Thread loop;
    private volatile boolean accepting = true;

    public RunQueueWorker(
            RunQueue queue,
            RunRepository runs,
            ProjectGraphs projects,
            RunEngine engine,
            RunEnds ends,
            int maxConcurrent,
            Duration reclaimIdle,
            Clock clock) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("MAX_CONCURRENT_ASYNC_RUNS must be at least 1");
        }
        this.queue = Objects.requireNonNull(queue, "queue");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.projects = Objects.requireNonNull(projects, "projects");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.ends = Objects.requireNonNull(ends, "ends");
        this.consumer = "instance-" + engine.instance();
        this.maxConcurrent = maxConcurrent;
        this.reclaimIdle = Objects.requireNonNull(reclaimIdle, "reclaimIdle");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.slots = new Semaphore(maxConcurrent);
        this.loop = Thread.ofPlatform().daemon().name("run-queue").unstarted(this::consume);
    }

    /** Starts consuming; returns at once. */
    public RunQueueWorker start() {
        loop.start();
        LOG.log(System.Logger.Level.INFO, "executing queued runs, at most {0} at once", maxConcurrent);
        return this;
    }

    /** Queued runs executing here now. */
    public int running() {
        return maxConcurrent - slots.availablePermits();
    }

    private void consume() {
        long nextReclaim = 0;
        while (accepting) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                return;
            }
            int taken = 1 + slots.drainPermits(); // as many entries as free slots, in one read
            int used = 0;
            try {
                List<RunQueue.Delivery> got = List.of();
                if (System.nanoTime() >= nextReclaim) {
                    got = queue.reclaim(consumer, reclaimIdle, taken);
                    nextReclaim = System.nanoTime() + Math.max(50, reclaimIdle.toMillis() / 2) * 1_000_000;
                }
                if (got.isEmpty() && accepting) {
                    got = queue.receive(consumer, taken, Duration.ofSeconds(1));
                }
                for (RunQueue.Delivery delivery : got) {
                    used++;
                    boolean started = false;
                    try {
                        started = take(delivery);
                    } finally {
                        if (!started) {
                            slots.release(); // unacknowledged on a failure: taken over after the idle time
                        }
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "the run queue is unavailable: {0}", e.getMessage());
                pause();
            } finally {
                if (taken > used) {
                    slots.release(taken - used);
                }
            }
        }
    }

    /** Claims the entry's run and starts it; false when nothing was started (the slot is free again). */
    private boolean take(RunQueue.Delivery delivery) {
        Optional<Run> stored = runs.find(delivery.runId());
        if (stored.isEmpty() || stored.get().status() != RunStatus.QUEUED) {
            queue.ack(delivery); // cancelled, failed as interrupted, or started once already: never again
            return false;
        }
        Run run = stored.get();
        Optional<GraphVersion> graph =
                projects.runTarget(run.projectId(), run.environment()).flatMap(ProjectGraphs.RunTarget::graph);
        if (!runs.claim(run.id(), engine.instance())) {
            queue.ack(delivery);
            return false;
        }
        queue.ack(delivery); // claimed: from now on the run is the reaper's to watch, not the queue's
        Run running = run.withStatus(RunStatus.RUNNING);
        if (graph.isEmpty()) {
            Run failed = running.finished(
                    RunStatus.FAILED,
                    Optional.empty(),
                    Optional.of("the project has no " + run.environment().wireName() + " version to run any more"),
                    clock.instant());
            if (runs.finish(
                    failed.id(),
                    failed.status(),
                    failed.output(),
                    failed.error(),
                    failed.finishedAt().get())) {
                ends.announce(failed);
            }
            return false;
        }
        engine.start(running, graph.get()).whenComplete((r, e) -> slots.release());
        return true;
    }

    private void pause() {
        try {
            Thread.sleep(1000); // back-off while the queue is unreachable
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking entries (runs executing here go on; the reaper fails those the process abandons). */
    @Override
    public void close() {
        accepting = false;
        loop.interrupt();
        try {
            loop.join(TimeUnit.SECONDS.toMillis(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
