package io.draftnrun.adapter.in.graphql;

import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.run.RunId;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/** The run slice's views: one record per schema type, checked against the schema at start. */
final class RunViews {
    private RunViews() {}

    /** The schema types these records serve. */
    static final Map<String, Class<? extends Record>> TYPES = Map.ofEntries(
            Map.entry("Run", RunView.class),
            Map.entry("RunConnection", Fetchers.Connection.class),
            Map.entry("RunEdge", Fetchers.Edge.class),
            Map.entry("RunPageInfo", Fetchers.PageInfo.class),
            Map.entry("RunEvent", RunEventView.class));

    /** {@code Run}: {@code message} and {@code artifacts} are read from the output payload. */
    record RunView(
            String id,
            String projectId,
            String environment,
            String graphVersionId,
            String status,
            Map<String, Object> input,
            Map<String, Object> output,
            String message,
            Map<String, Object> artifacts,
            String error,
            String traceId,
            String startedBy,
            boolean viaApiKey,
            OffsetDateTime createdAt,
            OffsetDateTime finishedAt,
            Long durationMs,
            int attempt,
            String retryOf) {
        static RunView of(Run run) {
            return new RunView(
                    run.id().toString(),
                    run.projectId().toString(),
                    run.environment().name(),
                    run.graphVersionId().value().toString(),
                    run.status().name(),
                    run.input(),
                    run.output().map(Payload::toMap).orElse(null),
                    run.output().map(Payload::lastMessageText).orElse(null),
                    run.output().map(Payload::artifacts).orElse(Map.of()),
                    run.error().orElse(null),
                    run.traceId().value(),
                    run.startedBy().map(u -> u.value().toString()).orElse(null),
                    run.viaApiKey(),
                    Fetchers.time(run.createdAt()),
                    Fetchers.time(run.finishedAt()),
                    run.durationMillis().orElse(null),
                    run.attempt(),
                    run.retryOf().map(RunId::toString).orElse(null));
        }
    }

    /**
     * The schema's {@code RunEvent}: the fields every event has, and those of its type (the others null). This
     * adapter's wire form of events; the Redis storage format and the server-sent events' JSON are their adapters'.
     */
    record RunEventView(
            String type,
            String runId,
            long sequence,
            OffsetDateTime at,
            String projectId,
            String environment,
            String nodeId,
            String nodeName,
            String delta,
            String callId,
            String toolName,
            String arguments,
            String output,
            String error,
            String reason,
            String status) {}

    static RunEventView event(RunEvent event) {
        EventFields f = new EventFields(event);
        switch (event) {
            case RunEvent.RunStarted e -> {
                f.projectId = e.projectId().toString();
                f.environment = e.environment();
            }
            case RunEvent.NodeStarted e -> f.node(e.nodeId(), e.nodeName());
            case RunEvent.TokenDelta e -> {
                f.node(e.nodeId(), null);
                f.delta = e.delta();
            }
            case RunEvent.ToolCallStarted e -> {
                f.node(e.nodeId(), null);
                f.tool(e.callId(), e.toolName());
                f.arguments = e.argumentsJson();
            }
            case RunEvent.ToolCallFinished e -> {
                f.node(e.nodeId(), null);
                f.tool(e.callId(), e.toolName());
                f.output = e.output();
                f.error = e.error().orElse(null);
            }
            case RunEvent.NodeFinished e -> {
                f.node(e.nodeId(), e.nodeName());
                f.output = e.output();
            }
            case RunEvent.NodeFailed e -> {
                f.node(e.nodeId(), e.nodeName());
                f.reason = e.reason();
            }
            case RunEvent.RunFinished e -> {
                f.output = e.output();
                f.error = e.error().orElse(null);
                f.status = e.status().name();
            }
        }
        return f.view();
    }

    /** The fields of one event's view, by name: those every event has, then its type's (the others stay null). */
    private static final class EventFields {
        private final RunEvent event;
        private String projectId;
        private String environment;
        private String nodeId;
        private String nodeName;
        private String delta;
        private String callId;
        private String toolName;
        private String arguments;
        private String output;
        private String error;
        private String reason;
        private String status;

        EventFields(RunEvent event) {
            this.event = event;
        }

        void node(NodeId id, String name) {
            nodeId = id.value().toString();
            nodeName = name;
        }

        void tool(String call, String tool) {
            callId = call;
            toolName = tool;
        }

        RunEventView view() {
            return new RunEventView(
                    event.type(),
                    event.runId().toString(),
                    event.sequence(),
                    event.at().atOffset(ZoneOffset.UTC),
                    projectId,
                    environment,
                    nodeId,
                    nodeName,
                    delta,
                    callId,
                    toolName,
                    arguments,
                    output,
                    error,
                    reason,
                    status);
        }
    }
}
