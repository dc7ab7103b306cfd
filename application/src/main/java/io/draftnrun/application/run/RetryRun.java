package io.draftnrun.application.run;

import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.run.RunStatus;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.util.Objects;

/**
 * Starts a new run from the stored input of a run that failed or was cancelled (an interrupted run is failed, never
 * executed again on its own: its tools may have had effects), on the same project and environment (its graph as
 * bound now), linked to it: {@code attempt} is one more, {@code retryOf} names it. Whoever may see the run and run its
 * project may retry it (API keys: their own project's runs). A run still going, or one that succeeded, is refused
 * (FAILED_PRECONDITION).
 */
public final class RetryRun {
    private final RunQueries queries;
    private final RunProject runProject;

    public RetryRun(RunQueries queries, RunProject runProject) {
        this.queries = Objects.requireNonNull(queries, "queries");
        this.runProject = Objects.requireNonNull(runProject, "runProject");
    }

    /** @param waitForResult return the finished retry (true) or the queued one at once (false) */
    public record Command(RunId runId, boolean waitForResult) {
        public Command {
            Objects.requireNonNull(runId, "runId");
        }
    }

    public Run handle(Actor actor, Command command) {
        Run original = queries.run(actor, command.runId());
        if (!original.status().isFinal()) {
            throw new DomainException(ErrorCode.FAILED_PRECONDITION, "the run has not finished: it cannot be retried");
        }
        if (original.status() == RunStatus.SUCCEEDED) {
            throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION, "the run succeeded: only a failed or cancelled run is retried");
        }
        return runProject.retry(actor, original, command.waitForResult());
    }
}
