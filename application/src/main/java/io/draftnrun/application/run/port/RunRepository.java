package io.draftnrun.application.run.port;

import io.draftnrun.application.run.InstanceId;
import io.draftnrun.application.run.RunPage;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.run.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stores runs: one insert when a run starts (or is queued), one update when it ends. A run records the instance
 * executing it; a run's end is recorded once: whichever comes first of its executor, a cancellation or the reaper.
 */
public interface RunRepository {
    /** Stores a new run, executed by {@code executor} (none while it is queued). */
    void insert(Run run, Optional<InstanceId> executor);

    /** Stores a new run no instance executes yet (queued), or a finished one. */
    default void insert(Run run) {
        insert(run, Optional.empty());
    }

    /**
     * Records the end of a live run (status, output, error, time); false, changing nothing, when it had ended already
     * (cancelled or failed as interrupted meanwhile).
     */
    boolean finish(RunId id, RunStatus status, Optional<Payload> output, Optional<String> error, Instant finishedAt);

    /** Ends a run that is still QUEUED (no instance started it); false when it is not QUEUED any more. */
    boolean endQueued(RunId id, RunStatus status, String error, Instant finishedAt);

    /** Marks a QUEUED run as RUNNING on {@code executor}; false when it is not QUEUED any more. */
    boolean claim(RunId id, InstanceId executor);

    /** The instance recorded as executing the run, if any. */
    Optional<InstanceId> executor(RunId id);

    /**
     * Fails the live runs nobody will finish and returns them, failed: RUNNING runs whose instance has not beaten
     * within {@code silence} (or none is recorded) get {@code stoppedError}; QUEUED or RUNNING runs created before
     * {@code overdue} get {@code overdueError}.
     */
    List<Run> failAbandoned(Duration silence, Instant overdue, String stoppedError, String overdueError, Instant at);

    Optional<Run> find(RunId id);

    /** A project's runs, newest first, {@code first} at most, after the opaque cursor {@code after}. */
    RunPage page(ProjectId projectId, int first, Optional<String> after);
}
