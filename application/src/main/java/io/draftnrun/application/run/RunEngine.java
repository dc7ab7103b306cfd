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
 * Executes stored runs in the background on virtual threads: runs the graph with the run's wall-clock limit, stores
 * the outcome (one update), then publishes {@code RunFinished} (so a subscriber that sees it can read the final run).
 * Knows the runs in progress on this instance, for {@link #cancel}.
 */
public final class RunEngine {
    private static final System.Logger LOG = System.getLogger(RunEngine.class.getName());

    private final GraphRunner runner;
    private final RunRepository runs;
    private final RunEventBus bus;
    private final Duration timeout;
    private final Clock clock;
    private final Map<RunId, GraphRunner.Control> active = new ConcurrentHashMap<>();

    public RunEngine(GraphRunner runner, RunRepository runs, RunEventBus bus, Duration timeout, Clock clock) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Starts executing a run already stored as RUNNING; completes with the finished run. */
    public CompletableFuture<Run> start(Run run, GraphVersion graph) {
        return start(run, graph, true);
    }

    /**
     * Starts executing a run; when it is not stored yet, it is inserted while the graph already runs (the end is
     * stored after the insert). Completes with the finished run.
     */
    public CompletableFuture<Run> start(Run run, GraphVersion graph, boolean stored) {
        GraphRunner.Control control = new GraphRunner.Control(run.createdAt().plus(timeout));
        active.put(run.id(), control);
        CompletableFuture<Run> result = new CompletableFuture<>();
        Thread.ofVirtual().name("run-" + run.id()).start(() -> {
            try {
                CompletableFuture<Void> inserted = stored
                        ? CompletableFuture.completedFuture(null)
                        : CompletableFuture.runAsync(() -> runs.insert(run), Thread::startVirtualThread);
                result.complete(execute(run, graph, control, inserted));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                active.remove(run.id());
            }
        });
        return result;
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

    private Run execute(Run run, GraphVersion graph, GraphRunner.Control control, CompletableFuture<Void> inserted) {
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
                    });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "run " + run.id() + " crashed", e);
            outcome = new GraphRunner.Outcome(
                    RunStatus.FAILED, Optional.empty(), Optional.of("internal error while running the graph"));
        }
        Instant at = clock.instant();
        Run finished = run.finished(outcome.status(), outcome.output(), outcome.error(), at);
        try {
            inserted.join();
            runs.finish(run.id(), outcome.status(), outcome.output(), outcome.error(), at);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "run " + run.id() + " finished but could not be stored", e);
        }
        bus.publish(new RunEvent.RunFinished(
                run.id(),
                lastSequence.get() + 1,
                at,
                outcome.status(),
                outcome.output().map(p -> p.lastMessageText()).orElse(""),
                outcome.error()));
        return finished;
    }
}
