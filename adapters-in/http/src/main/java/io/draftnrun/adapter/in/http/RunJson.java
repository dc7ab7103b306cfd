package io.draftnrun.adapter.in.http;

import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunEvent;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs and run events as the JSON of the REST, OpenAI and MCP endpoints (server-sent events, progress notifications).
 * This adapter's wire format: the GraphQL schema's views are the graphql adapter's.
 */
final class RunJson {
    private RunJson() {}

    /**
     * A run event as the {@code data} of a server-sent event and the {@code _meta} of an MCP progress notification:
     * {@code type}, {@code runId}, {@code sequence}, {@code at} and the event's own fields.
     */
    static Map<String, Object> event(RunEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", event.type());
        m.put("runId", event.runId().toString());
        m.put("sequence", event.sequence());
        m.put("at", event.at().atOffset(ZoneOffset.UTC));
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

    /** The reference's ChatResponse: {@code {message, error, artifacts}} (plus the run id). */
    static Map<String, Object> chatResponse(Run run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message", run.output().map(Payload::lastMessageText).orElse(null));
        m.put("error", run.error().orElse(null));
        m.put("artifacts", run.output().map(Payload::artifacts).orElse(Map.of()));
        m.put("run_id", run.id().toString());
        return m;
    }
}
