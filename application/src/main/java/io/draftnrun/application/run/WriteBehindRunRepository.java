package io.draftnrun.application.run;

import io.draftnrun.application.run.port.RunRepository;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.Run;
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

/**
 * Writes runs behind (ADR 0010, 0014): the insert of a RUNNING run is held in memory for {@code insertDelay}, so a run
 * that ends sooner is written once, finished, and that one write happens on a virtual thread of its own after
 * {@link #finish} has returned. Until written, such a run is read from memory here ({@link #find}, {@link #executor});
 * {@link #page} lists it once written (at most {@code insertDelay} late). Queued and finished runs, and every other
 * write, go straight to the repository it decorates.
 *
 * <p>One sweeper thread inserts the runs still going after the delay; {@link #close} stops it, inserts the runs still
 * going (so the reaper fails them if the process stops before they end) and waits for the end writes in flight. A
 * failure to write an end is logged; a crash before it is written loses the record of a run nobody else could see.
 */
public final class WriteBehindRunRepository implements RunRepository, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WriteBehindRunRepository.class.getName());

    private final RunRepository delegate;
    private final Duration insertDelay;
    private final Clock clock;
    /** Runs not written yet, or whose insert or end write is in flight. */
    private final Map<RunId, Held> held = new ConcurrentHashMap<>();
    /** Runs held, in start order: the sweeper inserts those still going after the delay. */
    private final Queue<Held> pending = new ConcurrentLinkedQueue<>();

    private final Object sweeperLock = new Object();
    private Thread sweeper;
    private volatile boolean closed;

    /**
     * @param insertDelay how long a RUNNING run may go before it is inserted (zero: at once, on a thread of its own);
     *     one that finishes within it is written once, finished
     */
    public WriteBehindRunRepository(RunRepository delegate, Duration insertDelay, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.insertDelay = Objects.requireNonNull(insertDelay, "insertDelay");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (insertDelay.isNegative()) {
            throw new IllegalArgumentException("insertDelay must not be negative");
        }
    }

    /**
     * Holds a RUNNING run with its executor (see the class comment); stores any other run at once, and every run once
     * closed.
     */
    @Override
    public void insert(Run run, Optional<InstanceId> executor) {
        if (run.status() != RunStatus.RUNNING || executor.isEmpty() || closed) {
            delegate.insert(run, executor);
            return;
        }
        Held h = new Held(run, executor);
        held.put(run.id(), h);
        if (insertDelay.isZero()) {
            Thread.ofVirtual().name("run-insert-" + run.id()).start(h::insertRunning);
        } else {
            pending.add(h);
            startSweeper();
        }
    }

    /**
     * Ends a run: a held run not inserted yet is written once, finished, behind the caller (it is read from memory
     * meanwhile, and true is returned: nobody else could have ended it); else the end is recorded in the repository,
     * after the insert in flight if there is one.
     */
    @Override
    public boolean finish(RunId id, RunStatus status, Optional<Payload> output, Optional<String> error, Instant at) {
        Held h = held.get(id);
        if (h != null && h.claimed.compareAndSet(false, true)) {
            Run finished = h.run.finished(status, output, error, at);
            h.ended = finished;
            Thread.ofVirtual().name("run-end-" + id).start(() -> h.writeEnd(finished));
            return true;
        }
        if (h != null) {
            h.inserted.join(); // an insert in flight: the end follows it
            if (h.insertFailed) { // then the end is the run's one write, as if it had not been tried
                held.remove(id);
                delegate.insert(h.run.finished(status, output, error, at), h.executor);
                return true;
            }
        }
        return delegate.finish(id, status, output, error, at);
    }

    @Override
    public boolean endQueued(RunId id, RunStatus status, String error, Instant finishedAt) {
        return delegate.endQueued(id, status, error, finishedAt);
    }

    @Override
    public boolean claim(RunId id, InstanceId executor) {
        return delegate.claim(id, executor);
    }

    @Override
    public Optional<InstanceId> executor(RunId id) {
        Held h = held.get(id);
        return h != null ? h.executor : delegate.executor(id);
    }

    @Override
    public List<Run> failAbandoned(
            Duration silence, Instant overdue, String stoppedError, String overdueError, Instant at) {
        return delegate.failAbandoned(silence, overdue, stoppedError, overdueError, at);
    }

    /** A held run from memory (its end once known), else the stored one. */
    @Override
    public Optional<Run> find(RunId id) {
        Held h = held.get(id);
        if (h != null) {
            Run ended = h.ended;
            return Optional.of(ended != null ? ended : h.run);
        }
        return delegate.find(id);
    }

    @Override
    public RunPage page(ProjectId projectId, int first, Optional<String> after) {
        return delegate.page(projectId, first, after);
    }

    /** Runs held in memory now (not written yet, or being written). */
    public int held() {
        return held.size();
    }

    /** Whether the sweeper thread is alive (for tests). */
    boolean sweeping() {
        synchronized (sweeperLock) {
            return sweeper != null && sweeper.isAlive();
        }
    }

    /**
     * Waits at most {@code timeout} until the writes in flight are done; true when none is left. Runs still going
     * and not inserted yet are not waited for.
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Held h : List.copyOf(held.values())) {
            if (!h.claimed.get()) {
                continue;
            }
            try {
                h.written.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | TimeoutException e) {
                return false;
            }
        }
        return held.values().stream().allMatch(h -> !h.claimed.get() || h.written.isDone());
    }

    /**
     * Stops the sweeper, inserts the runs still going (their end, if it comes, is then an update; the reaper fails
     * them otherwise) and waits at most 10 seconds for the writes in flight. Closing the process calls it before the
     * database pools are closed.
     */
    @Override
    public void close() {
        Thread stopping;
        synchronized (sweeperLock) {
            closed = true;
            stopping = sweeper;
        }
        if (stopping != null) {
            stopping.interrupt();
            try {
                stopping.join(TimeUnit.SECONDS.toMillis(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Held h : List.copyOf(held.values())) {
            h.insertRunning();
        }
        if (!flush(Duration.ofSeconds(10))) {
            LOG.log(System.Logger.Level.ERROR, "{0} run(s) could not be stored before stopping", held.size());
        }
    }

    /**
     * One virtual thread serves all the runs (a timer per run costs more than the write it saves): every tenth of the
     * delay, it inserts the runs started more than the delay ago that have not ended.
     */
    private void startSweeper() {
        if (sweeper != null) { // racy read: the lock decides
            return;
        }
        synchronized (sweeperLock) {
            if (sweeper != null || closed) {
                return;
            }
            long tick = Math.max(1, insertDelay.toMillis() / 10);
            sweeper = Thread.ofVirtual().name("run-insert-sweeper").start(() -> sweep(tick));
        }
    }

    private void sweep(long tick) {
        while (true) {
            try {
                Thread.sleep(tick);
            } catch (InterruptedException e) {
                return;
            }
            Instant due = clock.instant().minus(insertDelay);
            Held head;
            while ((head = pending.peek()) != null && !head.run.createdAt().isAfter(due)) {
                pending.poll();
                if (!head.claimed.get()) {
                    Thread.ofVirtual().name("run-insert-" + head.run.id()).start(head::insertRunning);
                }
            }
        }
    }

    /** A run held in memory: inserted RUNNING by the sweeper, or written once at its end, whichever comes first. */
    private final class Held {
        private final Run run;
        private final Optional<InstanceId> executor;
        private final AtomicBoolean claimed = new AtomicBoolean();
        /** Completes once the RUNNING insert is done or failed (an end that follows it waits for it). */
        private final CompletableFuture<Void> inserted = new CompletableFuture<>();
        /** Completes once the run has left memory: stored, or given up. */
        private final CompletableFuture<Void> written = new CompletableFuture<>();

        private volatile Run ended;
        private volatile boolean insertFailed;

        Held(Run run, Optional<InstanceId> executor) {
            this.run = run;
            this.executor = executor;
        }

        /** Inserts the run as RUNNING unless its end came first; the repository has it from then on. */
        void insertRunning() {
            if (!claimed.compareAndSet(false, true)) {
                return;
            }
            try {
                delegate.insert(run, executor);
                held.remove(run.id());
            } catch (RuntimeException e) { // kept: its end is written as its one write
                insertFailed = true;
                LOG.log(System.Logger.Level.WARNING, "run " + run.id() + " could not be inserted yet", e);
            } finally {
                inserted.complete(null);
                written.complete(null);
            }
        }

        /** Writes the finished run, its one write. */
        void writeEnd(Run finished) {
            try {
                delegate.insert(finished, executor);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "run " + run.id() + " finished but could not be stored", e);
            } finally {
                held.remove(run.id());
                inserted.complete(null);
                written.complete(null);
            }
        }
    }
}
