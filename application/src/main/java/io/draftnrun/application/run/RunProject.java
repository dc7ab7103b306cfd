package io.draftnrun.application.run;

import io.draftnrun.application.run.port.ProjectGraphs;
import io.draftnrun.application.run.port.RunQueue;
import io.draftnrun.application.run.port.RunRepository;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.run.RunStatus;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.draftnrun.domain.trace.TraceId;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs a project's graph on an environment (spec 2.5). Members of the project's organization with any role may run
 * it (the reference's chat endpoints), and API keys of that very project. A caller who waits gets the finished run,
 * executed on its thread on this instance (see {@link RunEngine}); one who does not gets
 * the run back QUEUED once it is stored and queued on the {@link RunQueue} every instance executes from, so it is
 * executed even when this instance dies first.
 */
public final class RunProject {
    private final ProjectGraphs projects;
    private final RunRepository runs;
    private final RunEngine engine;
    private final RunQueue queue;
    private final Clock clock;

    public RunProject(ProjectGraphs projects, RunRepository runs, RunEngine engine, RunQueue queue, Clock clock) {
        this.projects = Objects.requireNonNull(projects, "projects");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param waitForResult return the finished run (true) or the run QUEUED at once (false)
     * @param listener follows a run whose caller waits: its events as they happen, then its token usage (see
     *     {@link RunListener}); {@link RunListener#NONE} for a run nobody follows this way
     */
    public record Command(
            ProjectId projectId,
            Environment environment,
            Map<String, Object> input,
            boolean waitForResult,
            RunListener listener) {
        public Command {
            Objects.requireNonNull(projectId, "projectId");
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(listener, "listener");
            input = input == null ? Map.of() : input;
            if (!waitForResult && listener != RunListener.NONE) {
                throw new IllegalArgumentException("only a run whose caller waits is followed by a listener");
            }
        }

        /** A command nobody follows event by event. */
        public Command(ProjectId projectId, Environment environment, Map<String, Object> input, boolean waitForResult) {
            this(projectId, environment, input, waitForResult, RunListener.NONE);
        }
    }

    /**
     * Starts the run: a caller who waits gets it finished (executed on the calling thread; interrupting it cancels the
     * run), one who does not gets it QUEUED.
     */
    public Run handle(Actor actor, Command command) {
        return start(actor, command, 1, Optional.empty());
    }

    /** Starts a retry of {@code original} (its project, environment and stored input), linked to it. */
    Run retry(Actor actor, Run original, boolean waitForResult) {
        Command command = new Command(original.projectId(), original.environment(), original.input(), waitForResult);
        return start(actor, command, original.attempt() + 1, Optional.of(original.id()));
    }

    private Run start(Actor actor, Command command, int attempt, Optional<RunId> retryOf) {
        Objects.requireNonNull(actor, "actor");
        ProjectGraphs.RunTarget target = projects.runTarget(command.projectId(), command.environment())
                .orElseThrow(() -> DomainException.notFound("project " + command.projectId()));
        OrganizationId organization = target.organization();
        // an API key belongs to its project's organization: another organization's project is NOT_FOUND for it too
        actor.require(organization, Right.USER, "project " + command.projectId());
        requireKeyOfProject(actor, command.projectId());
        GraphVersion graph = target.graph()
                .orElseThrow(() -> new DomainException(
                        ErrorCode.FAILED_PRECONDITION,
                        "the project has no " + command.environment().wireName() + " version to run"));
        Run run = new Run(
                RunId.random(),
                command.projectId(),
                organization,
                command.environment(),
                graph.id(),
                RunStatus.RUNNING,
                command.input(),
                Optional.empty(),
                Optional.empty(),
                TraceId.random(),
                Optional.of(actor.userId()),
                actor.isApiKey(),
                clock.instant(),
                Optional.empty(),
                attempt,
                retryOf);
        if (!command.waitForResult()) {
            return enqueue(run.withStatus(RunStatus.QUEUED));
        }
        Run finished = engine.runHere(run, graph, command.listener()); // on this thread
        if (Thread.currentThread().isInterrupted()) {
            throw new DomainException(ErrorCode.UNAVAILABLE, "the request was interrupted; the run was cancelled");
        }
        return finished;
    }

    /**
     * Stores the run QUEUED (before the caller learns its id: it may subscribe at once), then queues it. A run that
     * cannot be queued is failed at once and the caller told UNAVAILABLE: nothing accepted is left hanging.
     */
    private Run enqueue(Run queued) {
        runs.insert(queued);
        try {
            queue.enqueue(queued.id());
        } catch (RuntimeException e) {
            try {
                runs.endQueued(
                        queued.id(),
                        RunStatus.FAILED,
                        "the run could not be queued: " + e.getMessage(),
                        clock.instant());
            } catch (RuntimeException ignored) {
                // the reaper fails it once overdue
            }
            throw e instanceof DomainException d && d.code() == ErrorCode.UNAVAILABLE
                    ? d
                    : new DomainException(ErrorCode.UNAVAILABLE, "the run queue is unavailable", e);
        }
        return queued;
    }

    /** An API key may run only its own project (FORBIDDEN for another project of its organization). */
    private static void requireKeyOfProject(Actor actor, ProjectId projectId) {
        if (actor.apiKeyProjectId().isPresent()
                && !actor.apiKeyProjectId().get().equals(projectId.value())) {
            throw DomainException.forbidden("this API key belongs to another project");
        }
    }
}
