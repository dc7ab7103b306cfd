package io.draftnrun.application.run;

import io.draftnrun.application.run.port.RunRepository;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.run.RunStatus;
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

    @Override
    public void insert(Run run) {
        checkNotInterrupted();
        if (runs.putIfAbsent(run.id(), run) != null) {
            throw new IllegalStateException("run " + run.id() + " exists");
        }
        writes.add("insert " + run.status());
    }

    @Override
    public void finish(RunId id, RunStatus status, Optional<Payload> output, Optional<String> error, Instant at) {
        checkNotInterrupted();
        runs.computeIfPresent(id, (k, r) -> r.finished(status, output, error, at));
        writes.add("finish " + status);
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
