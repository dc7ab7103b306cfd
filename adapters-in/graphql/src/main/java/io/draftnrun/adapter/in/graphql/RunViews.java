package io.draftnrun.adapter.in.graphql;

import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.run.RunId;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs and run events as the schema's {@code Run} and {@code RunEvent} types. */
final class RunViews {
    private RunViews() {}

    static Map<String, Object> run(Run run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", run.id().toString());
        m.put("projectId", run.projectId().toString());
        m.put("environment", run.environment().name());
        m.put("graphVersionId", run.graphVersionId().value().toString());
        m.put("status", run.status().name());
        m.put("input", run.input());
        m.put("output", run.output().map(Payload::toMap).orElse(null));
        m.put("message", run.output().map(Payload::lastMessageText).orElse(null));
        m.put("artifacts", run.output().map(Payload::artifacts).orElse(Map.of()));
        m.put("error", run.error().orElse(null));
        m.put("traceId", run.traceId().value());
        m.put("startedBy", run.startedBy().map(u -> u.value().toString()).orElse(null));
        m.put("viaApiKey", run.viaApiKey());
        m.put("createdAt", run.createdAt().atOffset(ZoneOffset.UTC));
        m.put(
                "finishedAt",
                run.finishedAt().map(t -> t.atOffset(ZoneOffset.UTC)).orElse(null));
        m.put("durationMs", run.durationMillis().orElse(null));
        m.put("attempt", run.attempt());
        m.put("retryOf", run.retryOf().map(RunId::toString).orElse(null));
        return m;
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
