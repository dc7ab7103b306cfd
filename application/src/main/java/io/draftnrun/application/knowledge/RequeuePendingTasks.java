package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.IngestionQueue;
import io.draftnrun.application.knowledge.port.IngestionTaskRepository;
import io.draftnrun.domain.knowledge.IngestionTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Queues again the tasks left pending in the database for a while (their job was never queued, e.g. the queue was
 * down at upload), marking each touched so it is not queued twice by the next sweep.
 */
public final class RequeuePendingTasks {
    private static final System.Logger LOG = System.getLogger(RequeuePendingTasks.class.getName());

    private final IngestionTaskRepository tasks;
    private final IngestionQueue queue;
    private final Clock clock;

    public RequeuePendingTasks(IngestionTaskRepository tasks, IngestionQueue queue, Clock clock) {
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Queues the tasks pending for longer than {@code pendingFor} (at most 100); returns how many. */
    public int requeue(Duration pendingFor) {
        Instant now = clock.instant();
        int count = 0;
        for (IngestionTask task : tasks.pendingSince(now.minus(pendingFor), 100)) {
            queue.enqueue(new IngestionJob(task.id(), task.organizationId()));
            tasks.save(task.touched(now));
            LOG.log(System.Logger.Level.INFO, "re-queued task {0}, pending since {1}", task.id(), task.updatedAt());
            count++;
        }
        return count;
    }
}
