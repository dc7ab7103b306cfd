package io.draftnrun.application.trace;

import io.draftnrun.domain.trace.SpanKind;
import java.util.List;
import java.util.Map;

/** The handle of a disabled tracer: keeps a context (so a run still has a trace id) and records nothing. */
record NoopSpan(TraceContext context) implements SpanHandle {
    @Override
    public SpanHandle child(String name, SpanKind kind) {
        return this;
    }

    @Override
    public boolean recording() {
        return false;
    }

    @Override
    public SpanHandle set(String key, Object value) {
        return this;
    }

    @Override
    public SpanHandle input(String value) {
        return this;
    }

    @Override
    public SpanHandle output(String value) {
        return this;
    }

    @Override
    public SpanHandle llm(String provider, String modelName, boolean platformKey) {
        return this;
    }

    @Override
    public SpanHandle inputMessages(List<Map<String, Object>> messages) {
        return this;
    }

    @Override
    public SpanHandle outputMessages(List<Map<String, Object>> messages) {
        return this;
    }

    @Override
    public SpanHandle tokens(long prompt, long completion) {
        return this;
    }

    @Override
    public SpanHandle tool(String name, String description, String parametersJson) {
        return this;
    }

    @Override
    public SpanHandle documents(List<Map<String, Object>> documents) {
        return this;
    }

    @Override
    public SpanHandle event(String name, Map<String, Object> attributes) {
        return this;
    }

    @Override
    public void end() {}

    @Override
    public void fail(String message) {}

    @Override
    public void fail(Throwable error) {}

    @Override
    public void close() {}
}
