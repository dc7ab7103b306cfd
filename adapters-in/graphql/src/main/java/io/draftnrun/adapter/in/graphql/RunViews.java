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
        String type = event.type();
        String runId = event.runId().toString();
        long sequence = event.sequence();
        OffsetDateTime at = event.at().atOffset(ZoneOffset.UTC);
        return switch (event) {
            case RunEvent.RunStarted e ->
                new RunEventView(
                        type,
                        runId,
                        sequence,
                        at,
                        e.projectId().toString(),
                        e.environment(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null);
            case RunEvent.NodeStarted e ->
                new RunEventView(
                        type,
                        runId,
                        sequence,
                        at,
                        null,
                        null,
                        node(e.nodeId()),
                        e.nodeName(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null);
            case RunEvent.TokenDelta e ->
                new RunEventView(
                        type,
                        runId,
                        sequence,
                        at,
                        null,
                        null,
                        node(e.nodeId()),
                        null,
                        e.delta(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null);
            case RunEvent.ToolCallStarted e ->
                new RunEventView(
                        type,
                        runId,
                        sequence,
                        at,
                        null,
                        null,
                        node(e.nodeId()),
                        null,
                        null,
                        e.callId(),
                        e.toolName(),
                        e.argumentsJson(),
                        null,
                        null,
                        null,
                        null);
            case RunEvent.ToolCallFinished e ->
                new RunEventView(
                        type,
                        runId,
                        sequence,
                        at,
                        null,
                        null,
                        node(e.nodeId()),
                        null,
                        null,
                        e.callId(),
                        e.toolName(),
                        null,
                        e.output(),
                        e.error().orElse(null),
                        null,
                        null);
            case RunEvent.NodeFinished e ->
                new RunEventView(
                        type,
                        runId,
                        sequence,
                        at,
                        null,
                        null,
                        node(e.nodeId()),
                        e.nodeName(),
                        null,
                        null,
                        null,
                        null,
                        e.output(),
                        null,
                        null,
                        null);
            case RunEvent.NodeFailed e ->
                new RunEventView(
                        type,
                        runId,
                        sequence,
                        at,
                        null,
                        null,
                        node(e.nodeId()),
                        e.nodeName(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        e.reason(),
                        null);
            case RunEvent.RunFinished e ->
                new RunEventView(
                        type,
                        runId,
                        sequence,
                        at,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        e.output(),
                        e.error().orElse(null),
                        null,
                        e.status().name());
        };
    }

    private static String node(NodeId id) {
        return id.value().toString();
    }
}
