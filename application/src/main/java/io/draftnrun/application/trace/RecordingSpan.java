package io.draftnrun.application.trace;

import io.draftnrun.domain.trace.Span;
import io.draftnrun.domain.trace.SpanAttributes;
import io.draftnrun.domain.trace.SpanEvent;
import io.draftnrun.domain.trace.SpanId;
import io.draftnrun.domain.trace.SpanKind;
import io.draftnrun.domain.trace.SpanStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An open span that records: a small mutable builder guarded by its own monitor, frozen into a {@link Span}. */
final class RecordingSpan implements SpanHandle {
    private final Tracer tracer;
    private final OpenTrace trace;
    private final TraceContext context;
    private final Optional<SpanId> parentId;
    private final String name;
    private final SpanKind kind;
    private final Instant start;
    private final Map<String, Object> attributes = new HashMap<>();
    private List<SpanEvent> events = List.of();
    private long promptTokens;
    private long completionTokens;
    private boolean ended;

    RecordingSpan(
            Tracer tracer,
            OpenTrace trace,
            TraceContext context,
            Optional<SpanId> parentId,
            String name,
            SpanKind kind) {
        this.tracer = tracer;
        this.trace = trace;
        this.context = context;
        this.parentId = parentId;
        this.name = name == null ? "" : name;
        this.kind = kind == null ? SpanKind.UNKNOWN : kind;
        this.start = tracer.now();
        trace.opened(context.spanId());
    }

    @Override
    public SpanHandle child(String childName, SpanKind childKind) {
        return tracer.startChild(trace, context, childName, childKind);
    }

    @Override
    public TraceContext context() {
        return context;
    }

    @Override
    public boolean recording() {
        return true;
    }

    @Override
    public synchronized SpanHandle set(String key, Object value) {
        if (!ended && key != null) {
            if (value == null) {
                attributes.remove(key);
            } else {
                attributes.put(key, value);
            }
        }
        return this;
    }

    @Override
    public SpanHandle input(String value) {
        return set(SpanAttributes.INPUT_VALUE, value);
    }

    @Override
    public SpanHandle output(String value) {
        return set(SpanAttributes.OUTPUT_VALUE, value);
    }

    @Override
    public synchronized SpanHandle llm(String provider, String modelName, boolean platformKey) {
        set(SpanAttributes.LLM_PROVIDER, provider);
        set(SpanAttributes.LLM_MODEL_NAME, modelName);
        return set(SpanAttributes.LLM_PLATFORM_KEY, platformKey);
    }

    @Override
    public SpanHandle inputMessages(List<Map<String, Object>> messages) {
        return set(SpanAttributes.LLM_INPUT_MESSAGES, messages == null ? null : List.copyOf(messages));
    }

    @Override
    public SpanHandle outputMessages(List<Map<String, Object>> messages) {
        return set(SpanAttributes.LLM_OUTPUT_MESSAGES, messages == null ? null : List.copyOf(messages));
    }

    @Override
    public synchronized SpanHandle tokens(long prompt, long completion) {
        if (!ended) {
            promptTokens += Math.max(0, prompt);
            completionTokens += Math.max(0, completion);
        }
        return this;
    }

    @Override
    public synchronized SpanHandle tool(String toolName, String description, String parametersJson) {
        set(SpanAttributes.TOOL_NAME, toolName);
        set(SpanAttributes.TOOL_DESCRIPTION, description);
        return set(SpanAttributes.TOOL_PARAMETERS, parametersJson);
    }

    @Override
    public SpanHandle documents(List<Map<String, Object>> documents) {
        return set(SpanAttributes.RETRIEVAL_DOCUMENTS, documents == null ? null : List.copyOf(documents));
    }

    @Override
    public synchronized SpanHandle event(String eventName, Map<String, Object> eventAttributes) {
        if (!ended) {
            List<SpanEvent> next = new ArrayList<>(events);
            next.add(new SpanEvent(eventName, tracer.now(), eventAttributes == null ? Map.of() : eventAttributes));
            events = next;
        }
        return this;
    }

    @Override
    public void end() {
        finish(SpanStatus.OK);
    }

    @Override
    public void fail(String message) {
        finish(SpanStatus.error(message));
    }

    @Override
    public void fail(Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("exception.type", error.getClass().getName());
        attrs.put("exception.message", message);
        event("exception", attrs);
        finish(SpanStatus.error(message));
    }

    @Override
    public void close() {
        finish(SpanStatus.OK);
    }

    private void finish(SpanStatus status) {
        Span span;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            attributes.put(SpanAttributes.SPAN_KIND, kind.name());
            if (promptTokens > 0 || completionTokens > 0) {
                attributes.put(SpanAttributes.LLM_TOKEN_COUNT_PROMPT, promptTokens);
                attributes.put(SpanAttributes.LLM_TOKEN_COUNT_COMPLETION, completionTokens);
                attributes.put(SpanAttributes.LLM_TOKEN_COUNT_TOTAL, promptTokens + completionTokens);
            }
            Instant end = tracer.now();
            span = new Span(
                    context.traceId(),
                    context.spanId(),
                    parentId,
                    name,
                    kind,
                    start,
                    end.isBefore(start) ? start : end,
                    attributes,
                    events,
                    status,
                    context.scope());
        }
        trace.ended(span, tracer::emit);
        if (parentId.isEmpty()) {
            tracer.rootEnded(context.traceId(), trace);
        }
    }
}
