package io.draftnrun.application.runtime;

import io.draftnrun.application.component.ReleaseStagePolicy;
import io.draftnrun.application.llm.port.OrganizationSecretLookup;
import io.draftnrun.application.trace.Tracer;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.run.RunStatus;
import io.draftnrun.domain.trace.TraceId;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Executes graph versions (spec 2, made parallel), one run per {@link #execute} call, in three parts with one reason
 * to change each: {@link GraphInstantiation} builds the nodes' instances (sub-components first, secrets decrypted,
 * release stages checked) and the request with the Input block's defaults; {@link GraphExecution} schedules ready
 * nodes on virtual threads within the per-run and per-process limits and applies the failure policy; {@link
 * RunRecorder} numbers the run's events in delivery order and records its spans. This class holds what runs share:
 * the process-wide node permits and the settings (ADR 0023).
 */
public final class GraphRunner {
    private final GraphInstantiation instantiation;
    private final Tracer tracer;
    private final Semaphore processPermits;
    private final int perRunParallelism;
    private final Clock clock;

    /**
     * @param processParallelism nodes executing at once in this process, all runs together
     * @param perRunParallelism nodes executing at once within one run
     */
    public GraphRunner(
            ComponentRegistry registry,
            OrganizationSecretLookup secrets,
            Tracer tracer,
            int processParallelism,
            int perRunParallelism,
            Clock clock) {
        this(
                registry,
                ReleaseStagePolicy.unrestricted(),
                secrets,
                tracer,
                processParallelism,
                perRunParallelism,
                clock);
    }

    /**
     * @param releaseStages which organizations may run which components: a stored graph holding a component its
     *     organization may not use fails before any node runs
     */
    public GraphRunner(
            ComponentRegistry registry,
            ReleaseStagePolicy releaseStages,
            OrganizationSecretLookup secrets,
            Tracer tracer,
            int processParallelism,
            int perRunParallelism,
            Clock clock) {
        if (processParallelism < 1 || perRunParallelism < 1) {
            throw new IllegalArgumentException("parallelism limits are at least 1");
        }
        this.instantiation = new GraphInstantiation(registry, releaseStages, secrets);
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.processPermits = new Semaphore(processParallelism, true);
        this.perRunParallelism = perRunParallelism;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What to run. */
    public record RunSpec(
            RunId runId,
            OrganizationId organizationId,
            ProjectId projectId,
            Environment environment,
            GraphVersion graph,
            Map<String, Object> request,
            TraceId traceId) {
        public RunSpec {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(organizationId, "organizationId");
            Objects.requireNonNull(projectId, "projectId");
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(graph, "graph");
            request = request == null ? Map.of() : request;
            Objects.requireNonNull(traceId, "traceId");
        }
    }

    /** How a run ended: its status, its output (when it succeeded) and the error shown to users (otherwise). */
    public record Outcome(RunStatus status, Optional<Payload> output, Optional<String> error) {
        public Outcome {
            Objects.requireNonNull(status, "status");
            output = output == null ? Optional.empty() : output;
            error = error == null ? Optional.empty() : error;
        }
    }

    /** The stop signals of a run in progress; {@link #cancel()} may be called from any thread. */
    public static final class Control implements RunContext.RunControl {
        private final Instant deadline;
        private volatile RunInterrupted.Reason stopped;
        private volatile Runnable onStop = () -> {};
        private final java.util.concurrent.atomic.LongAdder promptTokens = new java.util.concurrent.atomic.LongAdder();
        private final java.util.concurrent.atomic.LongAdder completionTokens =
                new java.util.concurrent.atomic.LongAdder();

        public Control(Instant deadline) {
            this.deadline = deadline;
        }

        @Override
        public void countTokens(long prompt, long completion) {
            promptTokens.add(Math.max(0, prompt));
            completionTokens.add(Math.max(0, completion));
        }

        /** The tokens of the run's model calls so far. */
        public io.draftnrun.domain.llm.TokenUsage usage() {
            return new io.draftnrun.domain.llm.TokenUsage(promptTokens.sum(), completionTokens.sum());
        }

        @Override
        public Instant deadline() {
            return deadline;
        }

        @Override
        public Optional<RunInterrupted.Reason> stopReason() {
            return Optional.ofNullable(stopped);
        }

        public void cancel() {
            stop(RunInterrupted.Reason.CANCELLED);
        }

        void stop(RunInterrupted.Reason reason) {
            synchronized (this) {
                if (stopped != null) {
                    return;
                }
                stopped = reason;
            }
            onStop.run();
        }

        void onStop(Runnable action) {
            this.onStop = action;
            if (stopped != null) {
                action.run();
            }
        }
    }

    /** Runs the graph to its end on the calling thread (nodes on virtual threads) and says how it ended. */
    public Outcome execute(RunSpec spec, Control control, Consumer<RunEvent> events) {
        RunRecorder recorder = new RunRecorder(spec, tracer, clock, events);
        GraphExecution execution =
                new GraphExecution(spec, control, recorder, instantiation, processPermits, perRunParallelism, clock);
        return recorder.record(execution::run);
    }
}
