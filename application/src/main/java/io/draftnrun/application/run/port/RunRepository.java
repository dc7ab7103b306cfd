package io.draftnrun.application.run.port;

import io.draftnrun.application.run.RunPage;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.run.RunStatus;
import java.time.Instant;
import java.util.Optional;

/** Stores runs: one insert when a run starts, one update when it ends. */
public interface RunRepository {
    void insert(Run run);

    /** Records the end of a run (status, output, error, time). */
    void finish(RunId id, RunStatus status, Optional<Payload> output, Optional<String> error, Instant finishedAt);

    Optional<Run> find(RunId id);

    /** A project's runs, newest first, {@code first} at most, after the opaque cursor {@code after}. */
    RunPage page(ProjectId projectId, int first, Optional<String> after);
}
