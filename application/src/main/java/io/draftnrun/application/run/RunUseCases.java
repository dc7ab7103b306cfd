package io.draftnrun.application.run;

import io.draftnrun.application.component.ReleaseStagePolicy;
import io.draftnrun.application.llm.port.OrganizationSecretLookup;
import io.draftnrun.application.run.port.ProjectGraphs;
import io.draftnrun.application.run.port.RunCancellations;
import io.draftnrun.application.run.port.RunEventBus;
import io.draftnrun.application.run.port.RunInstances;
import io.draftnrun.application.run.port.RunQueue;
import io.draftnrun.application.run.port.RunRepository;
import io.draftnrun.application.runtime.ComponentRegistry;
import io.draftnrun.application.runtime.GraphRunner;
import io.draftnrun.application.trace.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The run slice, built once from its ports and settings (what bootstrap wires): the run engine, the use cases and the
 * background duties of this instance (the {@link RunReaper} registering, beating and reaping, the {@link RunQueueWorker}
 * executing queued runs), started in the order runs need them. Closing it stops them in the reverse order (ADR 0025).
 *
 * @param runs the run repository as the slice writes it: a waiting caller's run is written once, at its end, unless it
 *     is still going after the insert delay
 */
public record RunUseCases(
        RunEngine engine,
        RunProject runProject,
        RunQueries queries,
        CancelRun cancelRun,
        RetryRun retryRun,
        RunReaper reaper,
        RunQueueWorker worker,
        WriteBehindRunRepository runs)
        implements AutoCloseable {

    /** How long a cancellation waits for the instance executing the run to say it cancelled it. */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(3);

    /**
     * The ports the slice needs, and what a run executes with.
     *
     * @param runs where runs are stored (the slice puts its write-behind in front)
     * @param events run events, across instances
     * @param cancellations cancellation requests, across instances: listened to before this instance serves requests
     * @param instances the registry of live server instances (heartbeats)
     * @param registry the components a graph's nodes are built from
     * @param secrets an organization's secrets, decrypted only for the run
     * @param whereabouts where this process runs, for the reaper to tell an abandoned run from a live one
     */
    public record Ports(
            ProjectGraphs projects,
            RunRepository runs,
            RunEventBus events,
            RunQueue queue,
            RunCancellations cancellations,
            RunInstances instances,
            ComponentRegistry registry,
            OrganizationSecretLookup secrets,
            Tracer tracer,
            RunReaper.Whereabouts whereabouts) {}

    /**
     * @param timeout {@code RUN_TIMEOUT_SECONDS}: how long a run may take
     * @param insertDelay {@code RUN_INSERT_DELAY_MS}: how long a waiting caller's run may stay in memory only
     * @param maxParallelNodes {@code RUN_MAX_PARALLEL_NODES}: nodes executing at once in this process
     * @param maxParallelNodesPerRun {@code RUN_MAX_PARALLEL_NODES_PER_RUN}: nodes executing at once within one run
     * @param maxConcurrentAsyncRuns {@code MAX_CONCURRENT_ASYNC_RUNS}: queued runs this instance executes at once
     * @param queueReclaimIdle {@code RUN_QUEUE_RECLAIM_IDLE_SECONDS}: when a queued run taken by a silent consumer is
     *     taken back
     * @param heartbeat {@code INSTANCE_HEARTBEAT_SECONDS}: how often this instance beats and reaps
     * @param silence {@code INSTANCE_SILENCE_SECONDS}: after which an instance that stopped beating is gone
     * @param reaperGrace {@code RUN_REAPER_GRACE_SECONDS}: beyond the timeout, before a run without executor is failed
     * @param releaseStages which organizations may run which components
     * @param instance this server instance, the executor recorded on the runs it executes
     */
    public record Settings(
            Duration timeout,
            Duration insertDelay,
            int maxParallelNodes,
            int maxParallelNodesPerRun,
            int maxConcurrentAsyncRuns,
            Duration queueReclaimIdle,
            Duration heartbeat,
            Duration silence,
            Duration reaperGrace,
            ReleaseStagePolicy releaseStages,
            InstanceId instance) {
        public Settings {
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(insertDelay, "insertDelay");
            Objects.requireNonNull(queueReclaimIdle, "queueReclaimIdle");
            Objects.requireNonNull(heartbeat, "heartbeat");
            Objects.requireNonNull(silence, "silence");
            Objects.requireNonNull(reaperGrace, "reaperGrace");
            Objects.requireNonNull(releaseStages, "releaseStages");
            Objects.requireNonNull(instance, "instance");
        }
    }

    /**
     * Builds the slice and starts its duties: the reaper registers this instance (and reaps once) before any run is
     * made, the queue worker starts last, once every use case exists. If building fails midway, what was started is
     * closed again.
     */
    public static RunUseCases create(Ports p, Settings settings, Clock clock) {
        WriteBehindRunRepository runs = new WriteBehindRunRepository(p.runs(), settings.insertDelay(), clock);
        RunEnds ends = new RunEnds(p.events(), p.tracer());
        RunReaper reaper = null;
        try {
            reaper = new RunReaper(
                            runs,
                            p.instances(),
                            ends,
                            settings.instance(),
                            new RunReaper.Settings(
                                    settings.heartbeat(),
                                    settings.silence(),
                                    settings.timeout(),
                                    settings.reaperGrace()),
                            p.whereabouts(),
                            clock)
                    .start();
            GraphRunner runner = new GraphRunner(
                    p.registry(),
                    settings.releaseStages(),
                    p.secrets(),
                    p.tracer(),
                    settings.maxParallelNodes(),
                    settings.maxParallelNodesPerRun(),
                    clock);
            RunEngine engine = new RunEngine(runner, runs, p.events(), settings.timeout(), clock, settings.instance());
            RunProject runProject = new RunProject(p.projects(), runs, engine, p.queue(), clock);
            RunQueries queries = new RunQueries(runs, p.projects(), p.events());
            CancelRun cancelRun = new CancelRun(
                    queries,
                    engine,
                    p.cancellations(),
                    runs,
                    p.instances(),
                    ends,
                    settings.silence(),
                    CANCEL_WAIT,
                    clock);
            RetryRun retryRun = new RetryRun(queries, runProject);
            RunQueueWorker worker = new RunQueueWorker(
                            p.queue(),
                            runs,
                            p.projects(),
                            engine,
                            ends,
                            settings.maxConcurrentAsyncRuns(),
                            settings.queueReclaimIdle(),
                            clock)
                    .start();
            return new RunUseCases(engine, runProject, queries, cancelRun, retryRun, reaper, worker, runs);
        } catch (RuntimeException | Error e) {
            try {
                runs.close();
            } finally {
                if (reaper != null) {
                    reaper.close();
                }
            }
            throw e;
        }
    }

    /**
     * Stops the slice: first the queue worker (no more queued runs taken), then the write-behind (stores the runs
     * still in memory), then the reaper (forgets this instance, fails the runs it abandons). Each is closed even if an
     * earlier one fails. The event bus, cancellations and queue are the caller's, closed after this.
     */
    @Override
    public void close() {
        try {
            worker.close();
        } finally {
            try {
                runs.close();
            } finally {
                reaper.close();
            }
        }
    }
}
