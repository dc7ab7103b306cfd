package io.draftnrun.application.run;

import io.draftnrun.application.run.port.RunCancellations;
import io.draftnrun.application.run.port.RunInstances;
import io.draftnrun.application.run.port.RunRepository;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.run.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Cancels a run that has not ended: whoever may run the project may cancel its runs. Answers {@code true} only when
 * the cancellation changed something, else {@code false}:
 *
 * <ul>
 *   <li>a run executing on this instance is cancelled at once (it ends CANCELLED through the engine's normal path);
 *   <li>a QUEUED run is ended CANCELLED before any instance starts it (a conditional update: an instance that claims it
 *       at the same moment wins, and then it is cancelled where it runs);
 *   <li>a run executing on another instance: the request goes to every instance and the one holding it cancels it and
 *       says so, within {@code answerWait};
 *   <li>an orphaned run (its instance stopped, or says it does not hold it) is ended CANCELLED here, and its end
 *       announced ({@link RunEnds}) so its subscribers finish;
 *   <li>a run already ended, or one whose live instance did not answer in time, is left as it is ({@code false}).
 * </ul>
 *
 * <p>Building a {@code CancelRun} registers its engine for the requests every instance sends (this one too).
 */
public final class CancelRun {
    static final String CANCELLED_QUEUED = "the run was cancelled before it started";
    static final String CANCELLED_ORPHAN = "the run was cancelled (the instance running it had stopped)";

    private final RunQueries queries;
    private final RunEngine engine;
    private final RunCancellations cancellations;
    private final RunRepository runs;
    private final RunInstances instances;
    private final RunEnds ends;
    private final Duration silence;
    private final Duration answerWait;
    private final Clock clock;

    public CancelRun(
            RunQueries queries,
            RunEngine engine,
            RunCancellations cancellations,
            RunRepository runs,
            RunInstances instances,
            RunEnds ends,
            Duration silence,
            Duration answerWait,
            Clock clock) {
        this.queries = Objects.requireNonNull(queries, "queries");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.cancellations = Objects.requireNonNull(cancellations, "cancellations");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.instances = Objects.requireNonNull(instances, "instances");
        this.ends = Objects.requireNonNull(ends, "ends");
        this.silence = Objects.requireNonNull(silence, "silence");
        this.answerWait = Objects.requireNonNull(answerWait, "answerWait");
        this.clock = Objects.requireNonNull(clock, "clock");
        cancellations.onRequest(engine.instance(), engine::cancel);
    }

    /** @return whether the cancellation changed the run (see the class comment) */
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
        if (run.status() == RunStatus.QUEUED) {
            if (endHere(run, CANCELLED_QUEUED, true)) {
                return true;
            }
            run = runs.find(runId).orElse(run); // claimed meanwhile: cancel it where it runs
            if (run.status().isFinal()) {
                return false;
            }
        }
        Optional<InstanceId> executor = runs.executor(runId);
        RunCancellations.Answer answer = cancellations.request(runId, executor, answerWait);
        if (answer == RunCancellations.Answer.CANCELLED) {
            return true;
        }
        boolean orphaned = answer == RunCancellations.Answer.NOT_HELD
                || executor.isEmpty()
                || !instances.alive(executor.get(), silence);
        return orphaned && endHere(run, CANCELLED_ORPHAN, false);
    }

    /** Ends the live run CANCELLED in the store and announces it; false when it had ended meanwhile. */
    private boolean endHere(Run run, String reason, boolean onlyIfQueued) {
        Run cancelled = run.finished(RunStatus.CANCELLED, Optional.empty(), Optional.of(reason), clock.instant());
        boolean ended = onlyIfQueued
                ? runs.endQueued(
                        run.id(),
                        RunStatus.CANCELLED,
                        reason,
                        cancelled.finishedAt().orElseThrow())
                : runs.finish(
                        run.id(),
                        RunStatus.CANCELLED,
                        Optional.empty(),
                        cancelled.error(),
                        cancelled.finishedAt().orElseThrow());
        if (!ended) {
            return false;
        }
        ends.announce(cancelled);
        return true;
    }
}
