package io.draftnrun.application.runtime;

import io.draftnrun.domain.graph.NodeId;
import java.util.Optional;

/**
 * What components report while they run; the runner numbers these as run events and publishes them. Calls are cheap
 * and never throw.
 */
public interface RunEventEmitter {
    RunEventEmitter NONE = new RunEventEmitter() {
        @Override
        public void tokenDelta(NodeId node, String delta) {}

        @Override
        public void toolCallStarted(NodeId node, String callId, String toolName, String argumentsJson) {}

        @Override
        public void toolCallFinished(
                NodeId node, String callId, String toolName, String output, Optional<String> error) {}
    };

    void tokenDelta(NodeId node, String delta);

    void toolCallStarted(NodeId node, String callId, String toolName, String argumentsJson);

    void toolCallFinished(NodeId node, String callId, String toolName, String output, Optional<String> error);
}
