package io.draftnrun.adapter.out.redis;

import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.run.Json;
import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.run.RunStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The storage format of run events in the Redis streams: one JSON object per entry with {@code type}, {@code runId},
 * {@code sequence}, {@code at} (ISO-8601) and the event's fields. Entries written before this codec moved here (by the
 * domain's former {@code RunEvent.toMap}) have exactly these keys and read back unchanged; RunEventCodecTest pins them.
 */
final class RunEventCodec {
    private RunEventCodec() {}

    static String write(RunEvent event) {
        return Json.write(toMap(event));
    }

    static RunEvent read(String json) {
        return fromMap(Json.parseObject(json));
    }

    static Map<String, Object> toMap(RunEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", event.type());
        m.put("runId", event.runId().toString());
        m.put("sequence", event.sequence());
        m.put("at", event.at().toString());
        switch (event) {
            case RunEvent.RunStarted e -> {
                m.put("projectId", e.projectId().toString());
                m.put("environment", e.environment());
            }
            case RunEvent.NodeStarted e -> {
                m.put("nodeId", e.nodeId().value().toString());
                m.put("nodeName", e.nodeName());
            }
            case RunEvent.TokenDelta e -> {
                m.put("nodeId", e.nodeId().value().toString());
                m.put("delta", e.delta());
            }
            case RunEvent.ToolCallStarted e -> {
                m.put("nodeId", e.nodeId().value().toString());
                m.put("callId", e.callId());
                m.put("toolName", e.toolName());
                m.put("arguments", e.argumentsJson());
            }
            case RunEvent.ToolCallFinished e -> {
                m.put("nodeId", e.nodeId().value().toString());
                m.put("callId", e.callId());
                m.put("toolName", e.toolName());
                m.put("output", e.output());
                m.put("error", e.error().orElse(null));
            }
            case RunEvent.NodeFinished e -> {
                m.put("nodeId", e.nodeId().value().toString());
                m.put("nodeName", e.nodeName());
                m.put("output", e.output());
            }
            case RunEvent.NodeFailed e -> {
                m.put("nodeId", e.nodeId().value().toString());
                m.put("nodeName", e.nodeName());
                m.put("reason", e.reason());
            }
            case RunEvent.RunFinished e -> {
                m.put("status", e.status().name());
                m.put("output", e.output());
                m.put("error", e.error().orElse(null));
            }
        }
        return m;
    }

    static RunEvent fromMap(Map<String, ?> m) {
        RunId runId = RunId.of(str(m, "runId"));
        long sequence = ((Number) m.get("sequence")).longValue();
        Instant at = Instant.parse(str(m, "at"));
        String type = str(m, "type");
        return switch (type) {
            case "RUN_STARTED" ->
                new RunEvent.RunStarted(
                        runId, sequence, at, UUID.fromString(str(m, "projectId")), str(m, "environment"));
            case "NODE_STARTED" -> new RunEvent.NodeStarted(runId, sequence, at, node(m), str(m, "nodeName"));
            case "TOKEN_DELTA" -> new RunEvent.TokenDelta(runId, sequence, at, node(m), str(m, "delta"));
            case "TOOL_CALL_STARTED" ->
                new RunEvent.ToolCallStarted(
                        runId, sequence, at, node(m), str(m, "callId"), str(m, "toolName"), str(m, "arguments"));
            case "TOOL_CALL_FINISHED" ->
                new RunEvent.ToolCallFinished(
                        runId,
                        sequence,
                        at,
                        node(m),
                        str(m, "callId"),
                        str(m, "toolName"),
                        str(m, "output"),
                        Optional.ofNullable((String) m.get("error")));
            case "NODE_FINISHED" ->
                new RunEvent.NodeFinished(runId, sequence, at, node(m), str(m, "nodeName"), str(m, "output"));
            case "NODE_FAILED" ->
                new RunEvent.NodeFailed(runId, sequence, at, node(m), str(m, "nodeName"), str(m, "reason"));
            case "RUN_FINISHED" ->
                new RunEvent.RunFinished(
                        runId,
                        sequence,
                        at,
                        RunStatus.valueOf(str(m, "status")),
                        str(m, "output"),
                        Optional.ofNullable((String) m.get("error")));
            default -> throw new IllegalArgumentException("unknown run event type " + type);
        };
    }

    private static String str(Map<String, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? null : String.valueOf(v);
    }

    private static NodeId node(Map<String, ?> m) {
        return new NodeId(UUID.fromString(str(m, "nodeId")));
    }
}
