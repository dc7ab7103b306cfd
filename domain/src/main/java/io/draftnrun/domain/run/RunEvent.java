package io.draftnrun.domain.run;

import io.draftnrun.domain.graph.NodeId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Something that happened during a run, in order: each event carries the run, a per-run sequence number starting at
 * 1 and increasing by one (subscribers detect gaps and duplicates by it) and when it happened. The last event of a
 * run is always {@link RunFinished}. Pure types: the adapters own their wire forms (the Redis storage codec, the
 * GraphQL view, the JSON of server-sent events).
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
}
