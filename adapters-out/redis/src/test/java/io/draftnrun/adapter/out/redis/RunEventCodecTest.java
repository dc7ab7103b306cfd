package io.draftnrun.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.run.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The storage format of run events: what is already in Redis streams (written by the domain's former
 * {@code RunEvent.toMap}, literals below) reads back, and new entries are written byte for byte the same.
 */
class RunEventCodecTest {
    private static final RunId RUN = RunId.of("0b7c6a52-6f0e-4b8a-9a4e-2d1c3b4a5f60");
    private static final NodeId NODE = NodeId.of("5a1e2d3c-4b5a-4697-8899-aabbccddeeff");
    private static final UUID PROJECT = UUID.fromString("11111111-2222-4333-8444-555555555555");
    private static final Instant AT = Instant.parse("2026-12-07T05:40:01.123456Z");
    private static final String HEAD =
            "\"runId\":\"0b7c6a52-6f0e-4b8a-9a4e-2d1c3b4a5f60\",\"sequence\":%d,\"at\":\"2026-12-07T05:40:01.123456Z\"";
    private static final String NODE_ID = "\"nodeId\":\"5a1e2d3c-4b5a-4697-8899-aabbccddeeff\"";

    private record Stored(String json, RunEvent event) {}

    private static String entry(String type, int sequence, String fields) {
        return "{\"type\":\"" + type + "\"," + HEAD.formatted(sequence) + "," + fields + "}";
    }

    private static final List<Stored> STORED = List.of(
            new Stored(
                    entry(
                            "RUN_STARTED",
                            1,
                            "\"projectId\":\"11111111-2222-4333-8444-555555555555\",\"environment\":\"draft\""),
                    new RunEvent.RunStarted(RUN, 1, AT, PROJECT, "draft")),
            new Stored(
                    entry("NODE_STARTED", 2, NODE_ID + ",\"nodeName\":\"LLM\""),
                    new RunEvent.NodeStarted(RUN, 2, AT, NODE, "LLM")),
            new Stored(
                    entry("TOKEN_DELTA", 3, NODE_ID + ",\"delta\":\"Hel\""),
                    new RunEvent.TokenDelta(RUN, 3, AT, NODE, "Hel")),
            new Stored(
                    entry(
                            "TOOL_CALL_STARTED",
                            4,
                            NODE_ID + ",\"callId\":\"c1\",\"toolName\":\"search\",\"arguments\":\"{\\\"q\\\":1}\""),
                    new RunEvent.ToolCallStarted(RUN, 4, AT, NODE, "c1", "search", "{\"q\":1}")),
            new Stored(
                    entry(
                            "TOOL_CALL_FINISHED",
                            5,
                            NODE_ID + ",\"callId\":\"c1\",\"toolName\":\"search\",\"output\":\"\",\"error\":\"x\""),
                    new RunEvent.ToolCallFinished(RUN, 5, AT, NODE, "c1", "search", "", Optional.of("x"))),
            new Stored(
                    entry("NODE_FINISHED", 6, NODE_ID + ",\"nodeName\":\"LLM\",\"output\":\"Hello\""),
                    new RunEvent.NodeFinished(RUN, 6, AT, NODE, "LLM", "Hello")),
            new Stored(
                    entry("NODE_FAILED", 7, NODE_ID + ",\"nodeName\":\"LLM\",\"reason\":\"boom\""),
                    new RunEvent.NodeFailed(RUN, 7, AT, NODE, "LLM", "boom")),
            new Stored(
                    entry("RUN_FINISHED", 8, "\"status\":\"SUCCEEDED\",\"output\":\"Hello\",\"error\":null"),
                    new RunEvent.RunFinished(RUN, 8, AT, RunStatus.SUCCEEDED, "Hello", Optional.empty())));

    @Test
    void entriesAlreadyStoredReadBackAndNewOnesAreWrittenTheSame() {
        for (Stored stored : STORED) {
            assertThat(RunEventCodec.read(stored.json())).isEqualTo(stored.event());
            assertThat(RunEventCodec.write(stored.event())).isEqualTo(stored.json());
        }
    }

    @Test
    void everyEventTypeRoundTrips() {
        RunId run = RunId.random();
        List<RunEvent> events = List.of(
                new RunEvent.RunStarted(run, 1, Instant.now(), UUID.randomUUID(), "production"),
                new RunEvent.NodeStarted(run, 2, Instant.now(), NodeId.random(), ""),
                new RunEvent.TokenDelta(run, 3, Instant.now(), NodeId.random(), "é\n\"quoted\""),
                new RunEvent.ToolCallStarted(run, 4, Instant.now(), NodeId.random(), "c1", "search", "{}"),
                new RunEvent.ToolCallFinished(
                        run, 5, Instant.now(), NodeId.random(), "c1", "search", "found", Optional.empty()),
                new RunEvent.NodeFinished(run, 6, Instant.now(), NodeId.random(), "LLM", "Hello"),
                new RunEvent.NodeFailed(run, 7, Instant.now(), NodeId.random(), "LLM", "boom"),
                new RunEvent.RunFinished(run, 8, Instant.now(), RunStatus.FAILED, "", Optional.of("boom")));
        assertThat(events.stream().map(RunEvent::type).distinct()).hasSize(8); // every type of the sealed interface
        for (RunEvent e : events) {
            assertThat(RunEventCodec.read(RunEventCodec.write(e))).isEqualTo(e);
        }
    }

    @Test
    void anUnknownTypeIsRefused() {
        assertThatThrownBy(() -> RunEventCodec.read(entry("NODE_SKIPPED", 9, NODE_ID)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NODE_SKIPPED");
    }
}
