package io.draftnrun.application.runtime;

import io.draftnrun.application.trace.SpanHandle;
import io.draftnrun.application.trace.Tracer;
import io.draftnrun.domain.graph.Node;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.run.Json;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.run.RunStatus;
import io.draftnrun.domain.trace.SpanKind;
import io.draftnrun.domain.trace.TraceScope;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * What one run tells the outside as it goes: its events, numbered from 1 and handed to the sink in that order (one
 * monitor, so sequence order is delivery order; {@code RunFinished} excluded, the caller publishes it once the run is
 * stored), and its spans: a CHAIN root with project, organization, environment and run id, one span per node. Also
 * the event emitter components reach through their {@link RunContext}. Safe for the run's node threads.
 */
final class RunRecorder implements RunEventEmitter {
    private static final System.Logger LOG = System.getLogger(RunRecorder.class.getName());

    private final GraphRunner.RunSpec spec;
    private final Tracer tracer;
    private final Clock clock;
    private final Consumer<RunEvent> sink;
    private final Object order = new Object();
    private long sequence;
    private SpanHandle root;

    RunRecorder(GraphRunner.RunSpec spec, Tracer tracer, Clock clock, Consumer<RunEvent> sink) {
        this.spec = spec;
        this.tracer = tracer;
        this.clock = clock;
        this.sink = sink;
    }

    /** Records the run around {@code run}: the root span and {@code RunStarted}, then the end of the root span. */
    GraphRunner.Outcome record(Supplier<GraphRunner.Outcome> run) {
        TraceScope scope = TraceScope.ofRun(
                spec.projectId().value(),
                spec.organizationId(),
                spec.environment().wireName(),
                spec.runId().value());
        root = tracer.startTrace(scope, spec.traceId(), "GraphRunner", SpanKind.CHAIN);
        try {
            if (root.recording()) {
                root.set("project_id", spec.projectId().toString())
                        .set("organization_id", spec.organizationId().value().toString())
                        .set("environment", spec.environment().wireName())
                        .set("run_id", spec.runId().toString())
                        .input(Json.write(spec.request()));
            }
            emit(seq -> new RunEvent.RunStarted(
                    spec.runId(),
                    seq,
                    clock.instant(),
                    spec.projectId().value(),
                    spec.environment().wireName()));
            GraphRunner.Outcome outcome = run.get();
            if (outcome.status() == RunStatus.SUCCEEDED) {
                if (root.recording()) {
                    root.output(outcome.output().map(Payload::lastMessageText).orElse(""));
                }
                root.end();
            } else {
                root.fail(outcome.error().orElse(outcome.status().name().toLowerCase()));
            }
            return outcome;
        } catch (RuntimeException e) {
            root.fail(e);
            throw e;
        }
    }

    /** The work of one node, given its span. */
    @FunctionalInterface
    interface NodeWork {
        Payload run(SpanHandle span);
    }

    /**
     * Records a node's work: {@code NodeStarted}, the node's span around {@code work} (failed when it throws), then
     * {@code NodeFinished} with its output (empty when the work returns none) once {@code stored} has seen it.
     */
    Payload node(Node node, String name, SpanKind kind, List<Payload> inputs, NodeWork work, Consumer<Payload> stored) {
        emit(seq -> new RunEvent.NodeStarted(spec.runId(), seq, clock.instant(), node.id(), name));
        Payload output;
        try (SpanHandle span = root.child(name, kind)) {
            if (span.recording()) {
                span.set("node_id", node.id().toString()).set("component", node.componentName());
                span.input(inputs.isEmpty() ? "" : inputs.getLast().lastMessageText());
            }
            try {
                output = work.run(span);
                if (output == null) {
                    output = Payload.empty();
                }
                if (span.recording()) {
                    span.output(output.lastMessageText());
                }
                span.end();
            } catch (RuntimeException e) {
                span.fail(e);
                throw e;
            }
        }
        Payload result = output;
        stored.accept(result);
        emit(seq -> new RunEvent.NodeFinished(
                spec.runId(), seq, clock.instant(), node.id(), name, result.lastMessageText()));
        return result;
    }

    void nodeFailed(Node node, String name, String reason) {
        emit(seq -> new RunEvent.NodeFailed(spec.runId(), seq, clock.instant(), node.id(), name, reason));
    }

    /** What a node's component sees of the run, under {@code span}. */
    RunContext context(NodeId nodeId, SpanHandle span, RunContext.RunControl control) {
        return new RunContext(
                spec.runId(),
                spec.organizationId(),
                spec.projectId(),
                spec.environment(),
                nodeId,
                span.context(),
                tracer,
                this,
                control);
    }

    @Override
    public void tokenDelta(NodeId node, String delta) {
        emit(seq -> new RunEvent.TokenDelta(spec.runId(), seq, clock.instant(), node, delta));
    }

    @Override
    public void toolCallStarted(NodeId node, String callId, String toolName, String argumentsJson) {
        emit(seq -> new RunEvent.ToolCallStarted(
                spec.runId(), seq, clock.instant(), node, callId, toolName, argumentsJson));
    }

    @Override
    public void toolCallFinished(NodeId node, String callId, String toolName, String output, Optional<String> error) {
        emit(seq -> new RunEvent.ToolCallFinished(
                spec.runId(), seq, clock.instant(), node, callId, toolName, output, error));
    }

    /** Numbers and hands over an event: one monitor, so sequence order is delivery order. */
    private void emit(LongFunction<RunEvent> event) {
        synchronized (order) {
            try {
                sink.accept(event.apply(++sequence));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "run event not delivered for run " + spec.runId(), e);
            }
        }
    }
}
