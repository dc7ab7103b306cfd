package io.draftnrun.application.run;

import io.draftnrun.application.run.port.RunRepository;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.run.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runs in a map, paged newest first like the real repository. */
public final class InMemoryRunRepository implements RunRepository {
    private final Map<RunId, Run> runs = new ConcurrentHashMap<>();
    private final Map<RunId, InstanceId> executors = new ConcurrentHashMap<>();
    private volatile InMemoryRunInstances instances = new InMemoryRunInstances();
    private final List<String> writes = new CopyOnWriteArrayList<>();
    private volatile boolean refuseInterrupted;
    private volatile CountDownLatch held = new CountDownLatch(0);

    /** Holds every write until the returned latch is counted down (writes of a slow database). */
    public CountDownLatch holdWrites() {
        held = new CountDownLatch(1);
        return held;
    }

    /** Refuses writes from an interrupted thread, as a JDBC connection pool does. */
    public void refuseWritesFromInterruptedThreads() {
        refuseInterrupted = true;
    }

    private void checkNotInterrupted() {
        try {
            if (!held.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("writes held too long");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database");
        }
        if (refuseInterrupted && Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("interrupted while acquiring a connection");
        }
    }

    /** The instances whose beats {@link #failAbandoned} consults. */
    public InMemoryRunRepository withInstances(InMemoryRunInstances instances) {
        this.instances = instances;
        return this;
    }

    @Override
    public void insert(Run run, Optional<InstanceId> executor) {
        checkNotInterrupted();
        if (runs.putIfAbsent(run.id(), run) != null) {
            throw new IllegalStateException("run " + run.id() + " exists");
        }
        executor.ifPresent(e -> executors.put(run.id(), e));
        writes.add("insert " + run.status());
    }

    @Override
    public synchronized boolean finish(
            RunId id, RunStatus status, Optional<Payload> output, Optional<String> error, Instant at) {
        checkNotInterrupted();
        Run run = runs.get(id);
        if (run == null || run.status().isFinal()) {
            return false;
        }
        runs.put(id, run.finished(status, output, error, at));
        writes.add("finish " + status);
        return true;
    }

    @Override
    public synchronized boolean endQueued(RunId id, RunStatus status, String error, Instant at) {
        Run run = runs.get(id);
        if (run == null || run.status() != RunStatus.QUEUED) {
            return false;
        }
        runs.put(id, run.finished(status, Optional.empty(), Optional.of(error), at));
        writes.add("finish " + status);
        return true;
    }

    @Override
    public synchronized boolean claim(RunId id, InstanceId executor) {
        Run run = runs.get(id);
        if (run == null || run.status() != RunStatus.QUEUED) {
            return false;
        }
        runs.put(id, run.withStatus(RunStatus.RUNNING));
        executors.put(id, executor);
        writes.add("claim");
        return true;
    }

    @Override
    public Optional<InstanceId> executor(RunId id) {
        return Optional.ofNullable(executors.get(id));
    }

    @Override
    public synchronized List<Run> failAbandoned(
            Duration silence, Instant overdue, String stoppedError, String overdueError, Instant at) {
        List<Run> failed = new java.util.ArrayList<>();
        for (Run run : List.copyOf(runs.values())) {
            if (run.status().isFinal()) {
                continue;
            }
            String error = null;
            if (run.createdAt().isBefore(overdue)) {
                error = overdueError;
            } else if (run.status() == RunStatus.RUNNING
                    && (!executors.containsKey(run.id()) || !instances.alive(executors.get(run.id()), silence))) {
                error = stoppedError;
            }
            if (error != null) {
                Run ended = run.finished(RunStatus.FAILED, Optional.empty(), Optional.of(error), at);
                runs.put(run.id(), ended);
                writes.add("finish FAILED");
                failed.add(ended);
            }
        }
        return failed;
    }

    /** Every write so far, in order: "insert STATUS" or "finish STATUS". */
    public List<String> writes() {
        return List.copyOf(writes);
    }

    @Override
    public Optional<Run> find(RunId id) {
        return Optional.ofNullable(runs.get(id));
    }

    @Override
    public RunPage page(ProjectId projectId, int first, Optional<String> after) {
        Comparator<Run> newestFirst = Comparator.comparing(Run::createdAt)
                .thenComparing(r -> r.id().value())
                .reversed();
        List<Run> all = runs.values().stream()
                .filter(r -> r.projectId().equals(projectId))
                .sorted(newestFirst)
                .toList();
        int start = 0;
        if (after.isPresent()) {
            RunCursor cursor = RunCursor.decode(after.get());
            start = all.size();
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).id().equals(cursor.runId())) {
                    start = i + 1;
                    break;
                }
            }
        }
        List<Run> page = all.subList(start, Math.min(all.size(), start + first));
        Optional<String> end = page.isEmpty()
                ? Optional.empty()
                : Optional.of(
                        new RunCursor(page.getLast().createdAt(), page.getLast().id()).encode());
        return new RunPage(page, start + first < all.size(), end);
    }
}
