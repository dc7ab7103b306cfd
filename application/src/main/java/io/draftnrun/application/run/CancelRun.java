package io.draftnrun.application.run;

import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunId;
import java.util.Objects;

/**
 * Cancels a run in progress: whoever may run the project may cancel its runs. Cancelling a finished run changes
 * nothing. Only runs executing on this server instance can be stopped (true when one was).
 */
public final class CancelRun {
    private final RunQueries queries;
    private final RunEngine engine;

    public CancelRun(RunQueries queries, RunEngine engine) {
        this.queries = Objects.requireNonNull(queries, "queries");
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    public boolean handle(Actor actor, RunId runId) {
        Run run = queries.run(actor, runId);
        if (!actor.isApiKey()) {
            actor.require(run.organizationId(), Right.USER);
        }
        if (run.status().isFinal()) {
            return false;
        }
        return engine.cancel(runId);
    }
}
