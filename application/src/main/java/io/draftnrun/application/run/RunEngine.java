package io.draftnrun.application.run;

import io.draftnrun.application.run.port.RunEventBus;
import io.draftnrun.application.run.port.RunRepository;
import io.draftnrun.application.runtime.GraphRunner;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.llm.TokenUsage;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.run.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Executes runs on virtual threads (one of its own, or the caller's for a caller who waits): runs the graph with the run's wall-clock limit, stores the
 * outcome, then publishes {@code RunFinished} (so a subscriber that sees it can read the final run). Knows the runs in
 * progress on this instance, for {@link #cancel}.
 *
 * <p>A run not stored yet (its caller waits for the result and learns its id only at the end) is inserted
 * {@code insertDelay} after its start; one that finishes sooner is stored once, finished, instead of inserted then
 * updated. Such a run is listed by {@code runs} at most {@code insertDelay} late. Its caller is answered before its
 * end is stored (two round trips less on the caller's latency, to PostgreSQL and Redis); until stored, the run is read
 * from memory on this instance. A failure to store is logged, as it was when the caller waited for it; a crash in
 * that sub-millisecond window loses the record of a run not inserted yet (not its answer), and leaves one inserted as
 * RUNNING until the reaper fails it as interrupted.
 *
 * <p>The runs it stores record this instance ({@link #instance()}), so that when the process dies another instance
 * fails them ({@link RunReaper}); a run's end is stored only while the run is live, and one ended meanwhile by a
 * cancellation or the reaper is neither stored nor announced again.
 */
public final class RunEngine implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RunEngine.class.getName());

    private final GraphRunner runner;
    private final RunRepository runs;
    private final RunEventBus bus;
    private final Duration timeout;
    private final Clock clock;
    private final Duration insertDelay;
    private final InstanceId instance;
    private final Map<RunId, GraphRunner.Control> active = new ConcurrentHashMap<>();
    /** Observers of runs executed by {@link #runHere(Run, GraphVersion, Consumer, Consumer)}. */
    private final Map<RunId, Consumer<RunEvent>> observers = new ConcurrentHashMap<>();
    /** Runs not stored yet, in start order: the sweeper inserts those still going after the insert delay. */
    private final Queue<Insert> pending = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean sweeping = new AtomicBoolean();
    /** Answered runs whose end is being stored and published. */
    private final Map<RunId, Finishing> finishing = new ConcurrentHashMap<>();

    /** An engine that inserts runs not stored yet at once. */
    public RunEngine(GraphRunner runner, RunRepository runs, RunEventBus bus, Duration timeout, Clock clock) {
        this(runner, runs, bus, timeout, clock, Duration.ZERO);
    }

    /**
     * @param insertDelay how long a run not stored yet may run before it is inserted as RUNNING (zero: at once); one
     *     that finishes within it is written once
     */
    public RunEngine(
            GraphRunner runner,
            RunRepository runs,
            RunEventBus bus,
            Duration timeout,
            Clock clock,
            Duration insertDelay) {
        this(runner, runs, bus, timeout, clock, insertDelay, InstanceId.random());
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
            Duration insertDelay,
            InstanceId instance) {
        this.instance = Objects.requireNonNull(instance, "instance");
        this.insertDelay = Objects.requireNonNull(insertDelay, "insertDelay");
        if (insertDelay.isNegative()) {
            throw new IllegalArgumentException("insertDelay must not be negative");
        }
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

    /** Starts executing a run already stored as RUNNING; completes with the finished run. */
    public CompletableFuture<Run> start(Run run, GraphVersion graph) {
        return start(run, graph, true);
    }

    /**
     * Starts executing a run; when it is not stored yet, it is inserted while the graph already runs, after the
     * insert delay (the end is stored after the insert), or stored once at its end if that comes first. Completes with
     * the finished run.
     */
    public CompletableFuture<Run> start(Run run, GraphVersion graph, boolean stored) {
        GraphRunner.Control control = register(run); // cancellable from now on, before its thread starts
        CompletableFuture<Run> result = new CompletableFuture<>();
        Thread.ofVirtual().name("run-" + run.id()).start(() -> {
            try {
                result.complete(execute(run, graph, stored, control, false));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /**
     * Executes a run not stored yet on the calling thread, for a caller who waits for the result anyway (no thread
     * hand-off), and returns as soon as the graph has finished: the end is then stored and {@code RunFinished}
     * published on a virtual thread of its own, while the caller answers (the run is read from {@link #finishing}
     * meanwhile, and {@link #close} waits for those writes). Interrupting the caller cancels the run.
     */
    public Run runHere(Run run, GraphVersion graph) {
        return execute(run, graph, false, register(run), true);
    }

    /**
     * {@link #runHere(Run, GraphVersion)} that also hands each event of the run to {@code observer} (on the threads
     * that emit them, after publishing; {@code RunFinished} excepted) and reports the tokens of the run's model calls
     * to {@code usage} once the graph has finished.
     */
    public Run runHere(Run run, GraphVersion graph, Consumer<RunEvent> observer, Consumer<TokenUsage> usage) {
        GraphRunner.Control control = register(run);
        Run finished;
        try {
            observers.put(run.id(), observer);
            finished = execute(run, graph, false, control, true);
        } finally {
            observers.remove(run.id());
        }
        usage.accept(control.usage());
        return finished;
    }

    private GraphRunner.Control register(Run run) {
        GraphRunner.Control control = new GraphRunner.Control(run.createdAt().plus(timeout));
        active.put(run.id(), control);
        return control;
    }

    private Run execute(Run run, GraphVersion graph, boolean stored, GraphRunner.Control control, boolean answerFirst) {
        try {
            Insert insert = new Insert(run, stored);
            if (!stored && insertDelay.isZero()) {
                Thread.startVirtualThread(insert::early);
            } else if (!stored) {
                pending.add(insert);
                startSweeper();
            }
            return execute(run, graph, control, insert, answerFirst);
        } finally {
            active.remove(run.id());
        }
    }

    /**
     * One virtual thread serves all the runs of this engine (a timer per run costs more than the write it saves): every
     * tenth of the delay, it inserts the runs started more than the delay ago that have not ended.
     */
    private void startSweeper() {
        if (sweeping.get() || !sweeping.compareAndSet(false, true)) {
            return;
        }
        long tick = Math.max(1, insertDelay.toMillis() / 10);
        Thread.ofVirtual().name("run-insert-sweeper").start(() -> {
            while (true) {
                try {
                    Thread.sleep(tick);
                } catch (InterruptedException e) {
                    return;
                }
                Instant due = clock.instant().minus(insertDelay);
                Insert head;
                while ((head = pending.peek()) != null && !head.run.createdAt().isAfter(due)) {
                    pending.poll();
                    if (!head.claimed.get()) {
                        Thread.startVirtualThread(head::early);
                    }
                }
            }
        });
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

    /**
     * The insert of a run not stored yet: made by whichever comes first, the delayed insert of the RUNNING run or the
     * end, which then writes the finished run at once.
     */
    private final class Insert {
        private final Run run;
        private final AtomicBoolean claimed;
        private final CompletableFuture<Void> inserted;

        Insert(Run run, boolean stored) {
            this.run = run;
            this.claimed = new AtomicBoolean(stored);
            this.inserted = stored ? CompletableFuture.completedFuture(null) : new CompletableFuture<>();
        }

        void early() {
            if (claimed.compareAndSet(false, true)) {
                try {
                    runs.insert(run, Optional.of(instance));
                    inserted.complete(null);
                } catch (RuntimeException e) {
                    inserted.completeExceptionally(e);
                }
            }
        }

        /**
         * Stores the finished run: one insert when it is not stored yet, else the update once the insert is done.
         * False when the stored run had ended already (cancelled, or failed as interrupted, by another instance).
         */
        boolean finish(Run finished) {
            if (claimed.compareAndSet(false, true)) {
                runs.insert(finished, Optional.of(instance));
                return true;
            }
            inserted.join();
            return runs.finish(
                    finished.id(),
                    finished.status(),
                    finished.output(),
                    finished.error(),
                    finished.finishedAt().orElseThrow());
        }
    }

    private Run execute(Run run, GraphVersion graph, GraphRunner.Control control, Insert insert, boolean answerFirst) {
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
                        Consumer<RunEvent> observer = observers.get(run.id());
                        if (observer != null) {
                            observer.accept(event);
                        }
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
        if (answerFirst) {
            // the caller gets its answer now; the run is readable from memory until stored (see #finishing)
            CompletableFuture<Void> done = new CompletableFuture<>();
            finishing.put(run.id(), new Finishing(finished, done));
            Thread.ofVirtual().name("run-end-" + run.id()).start(() -> {
                try {
                    storeAndAnnounce(insert, finished, end);
                } finally {
                    finishing.remove(run.id());
                    done.complete(null);
                }
            });
            return finished;
        }
        storeAndAnnounce(insert, finished, end);
        return finished;
    }

    /** Stores the finished run, then publishes its end (a subscriber that sees it can read the final run). */
    private void storeAndAnnounce(Insert insert, Run finished, RunEvent.RunFinished end) {
        // a run cancelled by interrupting its thread is stored all the same (pools refuse interrupted threads)
        boolean interrupted = Thread.interrupted();
        boolean ours = true;
        try {
            ours = insert.finish(finished);
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

    /**
     * A run of this instance that has finished and was answered but whose end is still being stored and published:
     * it is read from here meanwhile, so whoever got the answer can read the run at once.
     */
    public Optional<Run> finishing(RunId runId) {
        Finishing f = finishing.get(runId);
        return f == null ? Optional.empty() : Optional.of(f.run());
    }

    /**
     * Waits at most {@code timeout} until the ends of answered runs are stored and published; true when none is left.
     * Closing the process calls it before the database pools and Redis are closed.
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Finishing f : List.copyOf(finishing.values())) {
            try {
                f.done().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | TimeoutException e) {
                return false;
            }
        }
        return finishing.isEmpty();
    }

    /** Stores and publishes the ends of the runs answered already (waiting at most 10 seconds). */
    @Override
    public void close() {
        if (!flush(Duration.ofSeconds(10))) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "{0} finished run(s) could not be stored before stopping",
                    finishing.size());
        }
    }

    private record Finishing(Run run, CompletableFuture<Void> done) {}
}
