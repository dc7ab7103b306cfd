package io.draftnrun.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.run.RunStatus;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The JSON of run events in server-sent events and MCP progress notifications, as clients parse it. */
class RunJsonTest {
    private static final RunId RUN = RunId.of("0b7c6a52-6f0e-4b8a-9a4e-2d1c3b4a5f60");
    private static final NodeId NODE = NodeId.of("5a1e2d3c-4b5a-4697-8899-aabbccddeeff");
    private static final Instant AT = Instant.parse("2026-12-07T05:40:01.123456Z");

    @Test
    void anEventIsItsCommonFieldsThenItsOwn() {
        assertThat(Json.writeString(RunJson.event(
                        new RunEvent.ToolCallFinished(RUN, 5, AT, NODE, "c1", "search", "found", Optional.empty()))))
                .isEqualTo("{\"type\":\"TOOL_CALL_FINISHED\",\"runId\":\"0b7c6a52-6f0e-4b8a-9a4e-2d1c3b4a5f60\","
                        + "\"sequence\":5,\"at\":\"2026-12-07T05:40:01.123456Z\","
                        + "\"nodeId\":\"5a1e2d3c-4b5a-4697-8899-aabbccddeeff\",\"callId\":\"c1\",\"toolName\":\"search\","
                        + "\"output\":\"found\",\"error\":null}");
        assertThat(Json.writeString(RunJson.event(
                        new RunEvent.RunFinished(RUN, 9, AT, RunStatus.SUCCEEDED, "Hello", Optional.empty()))))
                .isEqualTo("{\"type\":\"RUN_FINISHED\",\"runId\":\"0b7c6a52-6f0e-4b8a-9a4e-2d1c3b4a5f60\","
                        + "\"sequence\":9,\"at\":\"2026-12-07T05:40:01.123456Z\","
                        + "\"status\":\"SUCCEEDED\",\"output\":\"Hello\",\"error\":null}");
    }
}
