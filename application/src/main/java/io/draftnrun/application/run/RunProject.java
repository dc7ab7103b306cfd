package io.draftnrun.application.run;

import io.draftnrun.application.run.port.ProjectGraphs;
import io.draftnrun.application.run.port.RunQueue;
import io.draftnrun.application.run.port.RunRepository;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.llm.TokenUsage;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.run.RunStatus;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.draftnrun.domain.trace.TraceId;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a project's graph on an environment (spec 2.5). Members of the project's organization with any role may run
 * it (the reference's chat endpoints), and API keys of that very project. A caller who waits gets the finished run,
 * executed on its own thread on this instance (stored while it runs, see {@link RunEngine}); one who does not gets
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

    /** @param waitForResult return the finished run (true) or the running one at once (false) */
    public record Command(
            ProjectId projectId, Environment environment, Map<String, Object> input, boolean waitForResult) {
        public Command {
            Objects.requireNonNull(projectId, "projectId");
            Objects.requireNonNull(environment, "environment");
            input = input == null ? Map.of() : input;
        }
    }

    /**
     * The project's run target being read ahead, for a caller still establishing who it is (an API key being looked
     * up at the same time): {@link #handle(Actor, Command, Prepared)} uses it only once the actor is known and
     * allowed. Its result never reaches a caller who is not.
     */
    public static final class Prepared {
        private final ProjectId projectId;
        private final Environment environment;
        private final CompletableFuture<Optional<ProjectGraphs.RunTarget>> target;

        private Prepared(ProjectId projectId, Environment environment, ProjectGraphs projects) {
            this.projectId = projectId;
            this.environment = environment;
            this.target = projects.atHand(projectId, environment)
                    ? readHere(projects, projectId, environment) // no thread hand-off for an answer in memory
                    : CompletableFuture.supplyAsync(
                            () -> projects.runTarget(projectId, environment), Thread::startVirtualThread);
        }

        private static CompletableFuture<Optional<ProjectGraphs.RunTarget>> readHere(
                ProjectGraphs projects, ProjectId projectId, Environment environment) {
            try {
                return CompletableFuture.completedFuture(projects.runTarget(projectId, environment));
            } catch (RuntimeException e) { // told only to a caller allowed to know, as when read on another thread
                return CompletableFuture.failedFuture(e);
            }
        }

        private Optional<ProjectGraphs.RunTarget> get() {
            try {
                return target.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        }
    }

    /** Starts reading what {@code handle} needs of the project, while the caller authenticates. */
    public Prepared prepare(ProjectId projectId, Environment environment) {
        return new Prepared(
                Objects.requireNonNull(projectId, "projectId"),
                Objects.requireNonNull(environment, "environment"),
                projects);
    }

    public Run handle(Actor actor, Command command) {
        return handle(actor, command, () -> projects.runTarget(command.projectId(), command.environment()));
    }

    /** {@link #handle(Actor, Command)} with the run target read ahead by {@link #prepare}. */
    public Run handle(Actor actor, Command command, Prepared prepared) {
        if (!prepared.projectId.equals(command.projectId()) || prepared.environment != command.environment()) {
            throw new IllegalArgumentException("prepared for another project or environment");
        }
        return handle(actor, command, prepared::get);
    }

    private Run handle(Actor actor, Command command, Supplier<Optional<ProjectGraphs.RunTarget>> read) {
        return start(actor, command, read, 1, Optional.empty(), null);
    }

    /** A finished run with the tokens its model calls used. */
    public record Counted(Run run, TokenUsage usage) {
        public Counted {
            Objects.requireNonNull(run, "run");
            Objects.requireNonNull(usage, "usage");
        }
    }

    /**
     * Runs on the calling thread and waits for the result (whatever {@code command.waitForResult()} says), handing
     * each event of the run to {@code observer} as it happens ({@code RunFinished} excepted: the returned run is the
     * end); for the protocol endpoints that translate events (OpenAI chunks, MCP progress) and report token usage.
     * Interrupting the calling thread cancels the run.
     */
    public Counted handleObserved(Actor actor, Command command, Prepared prepared, Consumer<RunEvent> observer) {
        Objects.requireNonNull(observer, "observer");
        if (!prepared.projectId.equals(command.projectId()) || prepared.environment != command.environment()) {
            throw new IllegalArgumentException("prepared for another project or environment");
        }
        Command waiting = new Command(command.projectId(), command.environment(), command.input(), true);
        AtomicReference<TokenUsage> usage = new AtomicReference<>(TokenUsage.ZERO);
        Run run = start(actor, waiting, prepared::get, 1, Optional.empty(), new Observation(observer, usage::set));
        return new Counted(run, usage.get());
    }

    private record Observation(Consumer<RunEvent> events, Consumer<TokenUsage> usage) {}

    /** Starts a retry of {@code original} (its project, environment and stored input), linked to it. */
    Run retry(Actor actor, Run original, boolean waitForResult) {
        Command command = new Command(original.projectId(), original.environment(), original.input(), waitForResult);
        return start(
                actor,
                command,
                () -> projects.runTarget(command.projectId(), command.environment()),
                original.attempt() + 1,
                Optional.of(original.id()),
                null);
    }

    private Run start(
            Actor actor,
            Command command,
            Supplier<Optional<ProjectGraphs.RunTarget>> read,
            int attempt,
            Optional<RunId> retryOf,
            Observation observation) {
        Objects.requireNonNull(actor, "actor");
        ProjectGraphs.RunTarget target =
                read.get().orElseThrow(() -> DomainException.notFound("project " + command.projectId()));
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
        Run finished = observation == null
                ? engine.runHere(run, graph, RunListener.NONE) // on this thread
                : engine.runHere(run, graph, new RunListener() {
                    @Override
                    public void event(RunEvent event) {
                        observation.events().accept(event);
                    }

                    @Override
                    public void usage(TokenUsage usage) {
                        observation.usage().accept(usage);
                    }
                });
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
