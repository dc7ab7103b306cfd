package io.draftnrun.application.trace;

import io.draftnrun.domain.trace.Span;
import io.draftnrun.domain.trace.SpanAttributes;
import io.draftnrun.domain.trace.SpanId;
import io.draftnrun.domain.trace.SpanKind;
import io.draftnrun.domain.trace.SpanStatus;
import io.draftnrun.domain.trace.TraceId;
import io.draftnrun.domain.trace.TraceScope;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds spans with chosen times and token counts for tests of stores and queries. */
public final class SpanFixtures {
    private SpanFixtures() {}

    public static Span span(
            TraceScope scope,
            TraceId trace,
            SpanId id,
            SpanId parent,
            String name,
            SpanKind kind,
            Instant start,
            Duration duration,
            long prompt,
            long completion,
            boolean platformKey,
            SpanStatus status) {
        Map<String, Object> attrs = new HashMap<>();
        attrs.put(SpanAttributes.SPAN_KIND, kind.name());
        attrs.put(SpanAttributes.INPUT_VALUE, "input of " + name);
        attrs.put(SpanAttributes.OUTPUT_VALUE, "output of " + name);
        if (prompt > 0 || completion > 0) {
            attrs.put(SpanAttributes.LLM_TOKEN_COUNT_PROMPT, prompt);
            attrs.put(SpanAttributes.LLM_TOKEN_COUNT_COMPLETION, completion);
            attrs.put(SpanAttributes.LLM_PROVIDER, "openai");
            attrs.put(SpanAttributes.LLM_MODEL_NAME, "gpt-4o-mini");
            attrs.put(SpanAttributes.LLM_PLATFORM_KEY, platformKey);
        }
        return new Span(
                trace,
                id,
                Optional.ofNullable(parent),
                name,
                kind,
                start,
                start.plus(duration),
                attrs,
                List.of(),
                status,
                scope);
    }

    /** A root span alone (a run without children) with its own tokens. */
    public static Span root(TraceScope scope, Instant start, Duration duration, long prompt, long completion) {
        return span(
                scope,
                TraceId.random(),
                SpanId.random(),
                null,
                "GraphRunner",
                SpanKind.CHAIN,
                start,
                duration,
                prompt,
                completion,
                false,
                SpanStatus.OK);
    }
}
