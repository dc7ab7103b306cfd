package io.draftnrun.application.run;

import io.draftnrun.application.run.port.RunEventBus;
import io.draftnrun.application.run.port.RunRepository;
import io.draftnrun.application.runtime.GraphRunner;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.run.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Executes runs on virtual threads (one of its own, or the caller's for a caller who waits): runs the graph with the
 * run's wall-clock limit, stores the outcome, then publishes {@code RunFinished} (so a subscriber that sees it can read
 * the final run). Knows the runs in progress on this instance, for {@link #cancel}.
 *
 * <p>The runs it stores record this instance ({@link #instance()}), so that when the process dies another instance
 * fails them ({@link RunReaper}); a run's end is stored only while the run is live, and one ended meanwhile by a
 * cancellation or the reaper is neither stored nor announced again. How soon a run is written is the repository's
 * business: bootstrap decorates it with {@link WriteBehindRunRepository} (ADR 0010).
 */
public final class RunEngine {
    private static final System.Logger LOG = System.getLogger(RunEngine.class.getName());

    private final GraphRunner runner;
    private final RunRepository runs;
    private final RunEventBus bus;
    private final Duration timeout;
    private final Clock clock;
    private final InstanceId instance;
    private final Map<RunId, GraphRunner.Control> active = new ConcurrentHashMap<>();

    /** An engine of a new instance id. */
    public RunEngine(GraphRunner runner, RunRepository runs, RunEventBus bus, Duration timeout, Clock clock) {
        this(runner, runs, bus, timeout, clock, InstanceId.random());
    }

    /**
     * @param instance this server instance: the runs it stores as RUNNING record it (see {@link RunReaper})
     */
    public RunEngine(
            GraphRunner runner,
            RunRepository runs,
            RunEventBus bus,
            Duration timeout,
            Clock clock,
            InstanceId instance) {
        this.instance = Objects.requireNonNull(instance, "instance");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** This server instance (recorded on the runs it executes). */
    public InstanceId instance() {
        return instance;
    }

    /** The wall-clock limit of a run, counted from its creation (its acceptance, for a queued run). */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Starts executing a run already stored as RUNNING on this instance (a queued run it claimed) on a virtual thread
     * of its own; completes with the finished run.
     */
    public CompletableFuture<Run> start(Run run, GraphVersion graph) {
        GraphRunner.Control control = register(run); // cancellable from now on, before its thread starts
        CompletableFuture<Run> result = new CompletableFuture<>();
        Thread.ofVirtual().name("run-" + run.id()).start(() -> {
            Run finished;
            try {
                finished = execute(run, graph, control, RunListener.NONE);
            } catch (Throwable t) {
                active.remove(run.id());
                result.completeExceptionally(t);
                return;
            }
            active.remove(run.id());
            result.complete(finished);
        });
        return result;
    }

    /**
     * Stores a new RUNNING run of this instance and executes it on the calling thread, for a caller who waits for the
     * result anyway (no thread hand-off), handing its events to {@code listener}. Interrupting the caller cancels the
     * run.
     */
    public Run runHere(Run run, GraphVersion graph, RunListener listener) {
        Objects.requireNonNull(listener, "listener");
        GraphRunner.Control control = register(run);
        try {
            runs.insert(run, Optional.of(instance));
            Run finished = execute(run, graph, control, listener);
            listener.usage(control.usage());
            return finished;
        } finally {
            active.remove(run.id());
        }
    }

    private GraphRunner.Control register(Run run) {
        GraphRunner.Control control = new GraphRunner.Control(run.createdAt().plus(timeout));
        active.put(run.id(), control);
        return control;
    }

    /** Cancels a run in progress on this instance; false when it is not running here. */
    public boolean cancel(RunId runId) {
        GraphRunner.Control control = active.get(runId);
        if (control == null) {
            return false;
        }
        control.cancel();
        return true;
    }

    public int activeRuns() {
        return active.size();
    }

    private Run execute(Run run, GraphVersion graph, GraphRunner.Control control, RunListener listener) {
        AtomicLong lastSequence = new AtomicLong();
        GraphRunner.Outcome outcome;
        try {
            outcome = runner.execute(
                    new GraphRunner.RunSpec(
                            run.id(),
                            run.organizationId(),
                            run.projectId(),
                            run.environment(),
                            graph,
                            run.input(),
                            run.traceId()),
                    control,
                    event -> {
                        lastSequence.set(event.sequence());
                        bus.publish(event);
                        listener.event(event);
                    });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "run " + run.id() + " crashed", e);
            outcome = new GraphRunner.Outcome(
                    RunStatus.FAILED, Optional.empty(), Optional.of("internal error while running the graph"));
        }
        Instant at = clock.instant();
        Run finished = run.finished(outcome.status(), outcome.output(), outcome.error(), at);
        RunEvent.RunFinished end = new RunEvent.RunFinished(
                run.id(),
                lastSequence.get() + 1,
                at,
                outcome.status(),
                outcome.output().map(p -> p.lastMessageText()).orElse(""),
                outcome.error());
        storeAndAnnounce(finished, end);
        return finished;
    }

    /** Stores the finished run, then publishes its end (a subscriber that sees it can read the final run). */
    private void storeAndAnnounce(Run finished, RunEvent.RunFinished end) {
        // a run cancelled by interrupting its thread is stored all the same (pools refuse interrupted threads)
        boolean interrupted = Thread.interrupted();
        boolean ours = true;
        try {
            ours = runs.finish(
                    finished.id(),
                    finished.status(),
                    finished.output(),
                    finished.error(),
                    finished.finishedAt().orElseThrow());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "run " + finished.id() + " finished but could not be stored", e);
        }
        if (ours) {
            bus.publish(end);
        } else { // its end was recorded and announced by whoever ended it (a cancellation, the reaper)
            LOG.log(
                    System.Logger.Level.WARNING,
                    "run {0} ended {1} here after it had been ended elsewhere: the recorded end stands",
                    finished.id(),
                    finished.status());
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
