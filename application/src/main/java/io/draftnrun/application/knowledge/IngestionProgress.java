package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.IngestionTaskRepository;
import io.draftnrun.application.knowledge.port.IngestionUpdates;
import io.draftnrun.domain.knowledge.IngestionTask;
import io.draftnrun.domain.knowledge.IngestionTaskId;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Where ingestion records a task's progress: saved in its repository, then announced to subscribers (best effort). */
public final class IngestionProgress {
    private static final System.Logger LOG = System.getLogger(IngestionProgress.class.getName());

    private final IngestionTaskRepository tasks;
    private final IngestionUpdates updates;
    private final Clock clock;

    public IngestionProgress(IngestionTaskRepository tasks, IngestionUpdates updates, Clock clock) {
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.updates = Objects.requireNonNull(updates, "updates");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Saves the task and announces it; returns it. */
    IngestionTask save(IngestionTask task) {
        tasks.save(task);
        try {
            updates.publish(task.organizationId(), task.id());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "announcing task {0} failed: {1}", task.id(), e.getMessage());
        }
        return task;
    }

    Optional<IngestionTask> find(IngestionTaskId id) {
        return tasks.find(id);
    }

    Instant now() {
        return clock.instant();
    }
}
