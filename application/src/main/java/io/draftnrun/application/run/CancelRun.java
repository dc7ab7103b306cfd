package io.draftnrun.application.run;

import io.draftnrun.application.run.port.RunCancellations;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunId;
import java.util.Objects;

/**
 * Cancels a run in progress: whoever may run the project may cancel its runs. Cancelling a finished run changes
 * nothing (false). A run executes on the server instance that started it: one running on this instance is cancelled
 * at once; otherwise the request is broadcast to every instance through {@link RunCancellations}, and the one
 * executing the run cancels it (the others ignore it). Either way the run ends CANCELLED through the engine's normal
 * path (stored, then {@code RunFinished} published), so its subscribers on any instance see it end.
 *
 * <p>{@code true} means the cancellation was delivered to this instance's run, or broadcast to all instances while
 * the run is stored as live (QUEUED or RUNNING): the call never waits for the run to end. A run whose instance
 * stopped without finishing it stays RUNNING in the database; cancelling it is broadcast, answered {@code true} at
 * once and changes nothing (no instance holds it). The broadcast is at most once: an instance disconnected from the
 * carrier at that moment misses it.
 *
 * <p>Building a {@code CancelRun} registers its engine for the requests broadcast by every instance (this one too).
 */
public final class CancelRun {
    private final RunQueries queries;
    private final RunEngine engine;
    private final RunCancellations cancellations;

    public CancelRun(RunQueries queries, RunEngine engine, RunCancellations cancellations) {
        this.queries = Objects.requireNonNull(queries, "queries");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.cancellations = Objects.requireNonNull(cancellations, "cancellations");
        cancellations.onRequest(engine::cancel); // a run this engine does not hold is ignored
    }

    /** @return whether the cancellation reached the run's instance or was broadcast to all (see the class comment) */
    public boolean handle(Actor actor, RunId runId) {
        Run run = queries.run(actor, runId);
        if (!actor.isApiKey()) {
            actor.require(run.organizationId(), Right.USER);
        }
        if (run.status().isFinal()) {
            return false;
        }
        if (engine.cancel(runId)) {
            return true;
        }
        cancellations.request(runId);
        return true;
    }
}
