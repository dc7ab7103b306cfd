package io.draftnrun.domain.run;

import io.draftnrun.domain.graph.NodeId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Something that happened during a run, in order: each event carries the run, a per-run sequence number starting at
 * 1 and increasing by one (subscribers detect gaps and duplicates by it) and when it happened. The last event of a
 * run is always {@link RunFinished}. {@link #toMap()} / {@link #fromMap} give the wire form (type, fields).
 */
public sealed interface RunEvent {
    RunId runId();

    long sequence();

    Instant at();

    /** The wire name of the event type ({@code RUN_STARTED}, {@code NODE_STARTED}...). */
    String type();

    /** The run began executing its graph. */
    record RunStarted(RunId runId, long sequence, Instant at, UUID projectId, String environment) implements RunEvent {
        public RunStarted {
            check(runId, sequence, at);
            Objects.requireNonNull(projectId, "projectId");
            environment = environment == null ? "" : environment;
        }

        @Override
        public String type() {
            return "RUN_STARTED";
        }
    }

    /** A node started (all its inputs were ready). */
    record NodeStarted(RunId runId, long sequence, Instant at, NodeId nodeId, String nodeName) implements RunEvent {
        public NodeStarted {
            check(runId, sequence, at);
            Objects.requireNonNull(nodeId, "nodeId");
            nodeName = nodeName == null ? "" : nodeName;
        }

        @Override
        public String type() {
            return "NODE_STARTED";
        }
    }

    /** A piece of text streamed by a model while a node runs. */
    record TokenDelta(RunId runId, long sequence, Instant at, NodeId nodeId, String delta) implements RunEvent {
        public TokenDelta {
            check(runId, sequence, at);
            Objects.requireNonNull(nodeId, "nodeId");
            delta = delta == null ? "" : delta;
        }

        @Override
        public String type() {
            return "TOKEN_DELTA";
        }
    }

    /** A node (an agent) called a tool. */
    record ToolCallStarted(
            RunId runId, long sequence, Instant at, NodeId nodeId, String callId, String toolName, String argumentsJson)
            implements RunEvent {
        public ToolCallStarted {
            check(runId, sequence, at);
            Objects.requireNonNull(nodeId, "nodeId");
            callId = callId == null ? "" : callId;
            toolName = toolName == null ? "" : toolName;
            argumentsJson = argumentsJson == null ? "{}" : argumentsJson;
        }

        @Override
        public String type() {
            return "TOOL_CALL_STARTED";
        }
    }

    /** A tool call returned (output text) or failed (error). */
    record ToolCallFinished(
            RunId runId,
            long sequence,
            Instant at,
            NodeId nodeId,
            String callId,
            String toolName,
            String output,
            Optional<String> error)
            implements RunEvent {
        public ToolCallFinished {
            check(runId, sequence, at);
            Objects.requireNonNull(nodeId, "nodeId");
            callId = callId == null ? "" : callId;
            toolName = toolName == null ? "" : toolName;
            output = output == null ? "" : output;
            error = error == null ? Optional.empty() : error;
        }

        @Override
        public String type() {
            return "TOOL_CALL_FINISHED";
        }
    }

    /** A node returned its payload; {@code output} is its last message text. */
    record NodeFinished(RunId runId, long sequence, Instant at, NodeId nodeId, String nodeName, String output)
            implements RunEvent {
        public NodeFinished {
            check(runId, sequence, at);
            Objects.requireNonNull(nodeId, "nodeId");
            nodeName = nodeName == null ? "" : nodeName;
            output = output == null ? "" : output;
        }

        @Override
        public String type() {
            return "NODE_FINISHED";
        }
    }

    /** A node failed (or was cancelled); {@code reason} is shown to users. */
    record NodeFailed(RunId runId, long sequence, Instant at, NodeId nodeId, String nodeName, String reason)
            implements RunEvent {
        public NodeFailed {
            check(runId, sequence, at);
            Objects.requireNonNull(nodeId, "nodeId");
            nodeName = nodeName == null ? "" : nodeName;
            reason = reason == null ? "" : reason;
        }

        @Override
        public String type() {
            return "NODE_FAILED";
        }
    }

    /** The run ended: its final status, output message and error. Always the last event. */
    record RunFinished(RunId runId, long sequence, Instant at, RunStatus status, String output, Optional<String> error)
            implements RunEvent {
        public RunFinished {
            check(runId, sequence, at);
            Objects.requireNonNull(status, "status");
            if (!status.isFinal()) {
                throw new IllegalArgumentException("a finished run has a final status");
            }
            output = output == null ? "" : output;
            error = error == null ? Optional.empty() : error;
        }

        @Override
        public String type() {
            return "RUN_FINISHED";
        }
    }

    private static void check(RunId runId, long sequence, Instant at) {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(at, "at");
        if (sequence < 1) {
            throw new IllegalArgumentException("event sequence numbers start at 1");
        }
    }

    /** The wire form: {@code type}, {@code runId}, {@code sequence}, {@code at} (ISO-8601) and the event's fields. */
    default Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type());
        m.put("runId", runId().toString());
        m.put("sequence", sequence());
        m.put("at", at().toString());
        switch (this) {
            case RunStarted e -> {
                m.put("projectId", e.projectId().toString());
                m.put("environment", e.environment());
            }
            case NodeStarted e -> {
                m.put("nodeId", e.nodeId().value().toString());
                m.put("nodeName", e.nodeName());
            }
            case TokenDelta e -> {
                m.put("nodeId", e.nodeId().value().toString());
                m.put("delta", e.delta());
            }
            case ToolCallStarted e -> {
                m.put("nodeId", e.nodeId().value().toString());
                m.put("callId", e.callId());
                m.put("toolName", e.toolName());
                m.put("arguments", e.argumentsJson());
            }
            case ToolCallFinished e -> {
                m.put("nodeId", e.nodeId().value().toString());
                m.put("callId", e.callId());
                m.put("toolName", e.toolName());
                m.put("output", e.output());
                m.put("error", e.error().orElse(null));
            }
            case NodeFinished e -> {
                m.put("nodeId", e.nodeId().value().toString());
                m.put("nodeName", e.nodeName());
                m.put("output", e.output());
            }
            case NodeFailed e -> {
                m.put("nodeId", e.nodeId().value().toString());
                m.put("nodeName", e.nodeName());
                m.put("reason", e.reason());
            }
            case RunFinished e -> {
                m.put("status", e.status().name());
                m.put("output", e.output());
                m.put("error", e.error().orElse(null));
            }
        }
        return m;
    }

    /** Reads the wire form written by {@link #toMap()}. */
    static RunEvent fromMap(Map<String, ?> m) {
        RunId runId = RunId.of(str(m, "runId"));
        long sequence = ((Number) m.get("sequence")).longValue();
        Instant at = Instant.parse(str(m, "at"));
        String type = str(m, "type");
        return switch (type) {
            case "RUN_STARTED" ->
                new RunStarted(runId, sequence, at, UUID.fromString(str(m, "projectId")), str(m, "environment"));
            case "NODE_STARTED" -> new NodeStarted(runId, sequence, at, node(m), str(m, "nodeName"));
            case "TOKEN_DELTA" -> new TokenDelta(runId, sequence, at, node(m), str(m, "delta"));
            case "TOOL_CALL_STARTED" ->
                new ToolCallStarted(
                        runId, sequence, at, node(m), str(m, "callId"), str(m, "toolName"), str(m, "arguments"));
            case "TOOL_CALL_FINISHED" ->
                new ToolCallFinished(
                        runId,
                        sequence,
                        at,
                        node(m),
                        str(m, "callId"),
                        str(m, "toolName"),
                        str(m, "output"),
                        Optional.ofNullable((String) m.get("error")));
            case "NODE_FINISHED" ->
                new NodeFinished(runId, sequence, at, node(m), str(m, "nodeName"), str(m, "output"));
            case "NODE_FAILED" -> new NodeFailed(runId, sequence, at, node(m), str(m, "nodeName"), str(m, "reason"));
            case "RUN_FINISHED" ->
                new RunFinished(
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
