package io.draftnrun.domain.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.domain.organization.OrganizationId;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TraceRollupsTest {
    static final TraceScope SCOPE =
            TraceScope.ofRun(UUID.randomUUID(), new OrganizationId(UUID.randomUUID()), "draft", UUID.randomUUID());
    static final TraceId TRACE = TraceId.random();

    static Span span(
            String name, SpanId id, SpanId parent, SpanKind kind, long prompt, long completion, boolean error) {
        Map<String, Object> attrs = new HashMap<>();
        if (prompt > 0 || completion > 0) {
            attrs.put(SpanAttributes.LLM_TOKEN_COUNT_PROMPT, prompt);
            attrs.put(SpanAttributes.LLM_TOKEN_COUNT_COMPLETION, completion);
        }
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        return new Span(
                TRACE,
                id,
                Optional.ofNullable(parent),
                name,
                kind,
                t,
                t.plusSeconds(1),
                attrs,
                List.of(),
                error ? SpanStatus.error("x") : SpanStatus.OK,
                SCOPE);
    }

    @Test
    void tokensOfLlmCallsInsideToolsInsideAnAgentAddUpToTheRoot() {
        SpanId root = SpanId.random(), agent = SpanId.random(), tool1 = SpanId.random(), tool2 = SpanId.random();
        SpanId llmA = SpanId.random(), llmB = SpanId.random(), llmC = SpanId.random(), llmAgent = SpanId.random();
        // children finish before parents, as in a run
        List<Span> spans = List.of(
                span("llmA", llmA, tool1, SpanKind.LLM, 100, 10, false),
                span("llmB", llmB, tool1, SpanKind.LLM, 200, 20, false),
                span("tool1", tool1, agent, SpanKind.TOOL, 0, 0, false),
                span("llmC", llmC, tool2, SpanKind.LLM, 300, 30, true),
                span("tool2", tool2, agent, SpanKind.TOOL, 0, 0, true),
                span("llmAgent", llmAgent, agent, SpanKind.LLM, 1000, 100, false),
                span("agent", agent, root, SpanKind.AGENT, 0, 0, false),
                span("root", root, null, SpanKind.CHAIN, 0, 0, false));

        Map<SpanId, Rollup> rollups = TraceRollups.compute(spans);

        assertThat(rollups.get(tool1)).isEqualTo(new Rollup(new TokenCounts(300, 30), 0));
        assertThat(rollups.get(tool2)).isEqualTo(new Rollup(new TokenCounts(300, 30), 2));
        assertThat(rollups.get(agent)).isEqualTo(new Rollup(new TokenCounts(1600, 160), 2));
        assertThat(rollups.get(root)).isEqualTo(new Rollup(new TokenCounts(1600, 160), 2));
        assertThat(rollups.get(llmA)).isEqualTo(new Rollup(new TokenCounts(100, 10), 0));
    }

    @Test
    void theOrderOfSpansDoesNotMatter() {
        SpanId root = SpanId.random(), child = SpanId.random();
        List<Span> spans = List.of(
                span("root", root, null, SpanKind.CHAIN, 1, 1, false),
                span("child", child, root, SpanKind.LLM, 5, 6, false));
        assertThat(TraceRollups.compute(spans).get(root).tokens()).isEqualTo(new TokenCounts(6, 7));
    }
}
