package io.draftnrun.application.runtime;

import io.draftnrun.application.trace.SpanHandle;
import io.draftnrun.application.trace.TraceContext;
import io.draftnrun.application.trace.Tracer;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.trace.SpanKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a component instance sees of the run it takes part in: the run, organization and project ids, where it sits in
 * the trace (open children with {@link #span}), an event emitter (token deltas, tool calls), cancellation and
 * deadline checks. The services a component uses come through its constructor, not from here. Immutable; {@link #within(SpanHandle)} and {@link #forNode} derive the context of
 * a child span or of a sub-component's node. Passed explicitly (no thread-locals).
 */
public final class RunContext {
    private final RunId runId;
    private final OrganizationId organizationId;
    private final ProjectId projectId;
    private final Environment environment;
    private final NodeId nodeId;
    private final TraceContext trace;
    private final Tracer tracer;
    private final RunEventEmitter events;
    private final RunControl control;

    public RunContext(
            RunId runId,
            OrganizationId organizationId,
            ProjectId projectId,
            Environment environment,
            NodeId nodeId,
            TraceContext trace,
            Tracer tracer,
            RunEventEmitter events,
            RunControl control) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.organizationId = Objects.requireNonNull(organizationId, "organizationId");
        this.projectId = Objects.requireNonNull(projectId, "projectId");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.trace = Objects.requireNonNull(trace, "trace");
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.events = Objects.requireNonNull(events, "events");
        this.control = Objects.requireNonNull(control, "control");
    }

    public RunId runId() {
        return runId;
    }

    public OrganizationId organizationId() {
        return organizationId;
    }

    public ProjectId projectId() {
        return projectId;
    }

    public Environment environment() {
        return environment;
    }

    /** The node whose work this is (events are tagged with it). */
    public NodeId nodeId() {
        return nodeId;
    }

    /** The span this component's work sits under. */
    public TraceContext trace() {
        return trace;
    }

    public Tracer tracer() {
        return tracer;
    }

    /** Opens a child of the current span (an LLM call, a tool call...); end it. */
    public SpanHandle span(String name, SpanKind kind) {
        return tracer.startChild(trace, name, kind);
    }

    /** The same context positioned under {@code span}. */
    public RunContext within(SpanHandle span) {
        return new RunContext(
                runId, organizationId, projectId, environment, nodeId, span.context(), tracer, events, control);
    }

    /** The same context for work of another node (a tool called by an agent), under {@code span}. */
    public RunContext forNode(NodeId node, SpanHandle span) {
        return new RunContext(
                runId, organizationId, projectId, environment, node, span.context(), tracer, events, control);
    }

    /** Counts the tokens of a model call towards the run's usage (reported by the chat-completions endpoint). */
    public void countTokens(io.draftnrun.domain.llm.TokenUsage usage) {
        if (usage != null) {
            control.countTokens(usage.promptTokens(), usage.completionTokens());
        }
    }

    public void tokenDelta(String delta) {
        if (delta != null && !delta.isEmpty()) {
            events.tokenDelta(nodeId, delta);
        }
    }

    public void toolCallStarted(String callId, String toolName, String argumentsJson) {
        events.toolCallStarted(nodeId, callId, toolName, argumentsJson);
    }

    public void toolCallFinished(String callId, String toolName, String output, Optional<String> error) {
        events.toolCallFinished(nodeId, callId, toolName, output, error);
    }

    public RunEventEmitter events() {
        return events;
    }

    /** Throws {@link RunInterrupted} when the run was cancelled or passed its deadline. */
    public void checkActive() {
        control.check();
    }

    public Instant deadline() {
        return control.deadline();
    }

    /** Time left before the run's wall-clock limit (zero when passed). */
    public Duration remaining() {
        Duration left = Duration.between(Instant.now(), control.deadline());
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * Runs the tasks concurrently on virtual threads and returns their results in order; the first failure cancels
     * the others and is rethrown (unwrapped). For parallel tool calls.
     */
    public <T> List<T> parallel(List<Callable<T>> tasks) {
        if (tasks.size() == 1) {
            try {
                return List.of(tasks.getFirst().call());
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        List<Future<T>> futures = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (Callable<T> task : tasks) {
                futures.add(executor.submit(() -> {
                    try {
                        return task.call();
                    } catch (Throwable t) {
                        if (failure.compareAndSet(null, t)) {
                            futures.forEach(f -> f.cancel(true));
                        }
                        throw t;
                    }
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                    // reported below through the first failure
                } catch (InterruptedException e) {
                    futures.forEach(x -> x.cancel(true));
                    Thread.currentThread().interrupt();
                    control.check();
                    throw new RunInterrupted(RunInterrupted.Reason.CANCELLED, "interrupted");
                }
            }
            Throwable first = failure.get();
            if (first instanceof RuntimeException re) {
                throw re;
            }
            if (first instanceof Error err) {
                throw err;
            }
            if (first != null) {
                throw new IllegalStateException(first.getMessage(), first);
            }
            return results;
        }
    }

    /** A run's stop signals: cancelled by a user, or past its deadline. */
    public interface RunControl {
        Instant deadline();

        Optional<RunInterrupted.Reason> stopReason();

        /** Adds the tokens of one model call to the run's usage; ignored by controls that do not count. */
        default void countTokens(long prompt, long completion) {}

        default void check() {
            Optional<RunInterrupted.Reason> reason = stopReason();
            if (reason.isPresent()) {
                throw new RunInterrupted(
                        reason.get(),
                        reason.get() == RunInterrupted.Reason.CANCELLED
                                ? "the run was cancelled"
                                : "the run timed out");
            }
            if (Instant.now().isAfter(deadline())) {
                throw new RunInterrupted(RunInterrupted.Reason.TIMEOUT, "the run timed out");
            }
        }

        /** Never stops before {@code deadline}. */
        static RunControl until(Instant deadline) {
            return new RunControl() {
                @Override
                public Instant deadline() {
                    return deadline;
                }

                @Override
                public Optional<RunInterrupted.Reason> stopReason() {
                    return Optional.empty();
                }
            };
        }
    }
}
