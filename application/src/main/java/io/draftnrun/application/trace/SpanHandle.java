package io.draftnrun.application.trace;

import io.draftnrun.domain.trace.SpanKind;
import java.util.List;
import java.util.Map;

/**
 * An open span. Set attributes while the work runs, then {@link #end()} or {@link #fail}; {@link #close()} ends it
 * (OK) if neither was called, so try-with-resources works. Safe to use from several threads; calls after the end
 * are ignored. A handle from a disabled tracer records nothing and costs almost nothing.
 */
public sealed interface SpanHandle extends AutoCloseable permits RecordingSpan, NoopSpan {

    /** Opens a child span (a node of the run, an LLM call, a tool call...). */
    SpanHandle child(String name, SpanKind kind);

    /** Where this span sits, to hand to code that opens children later with {@link Tracer#startChild}. */
    TraceContext context();

    /** Whether this handle records anything (false for a disabled tracer). */
    boolean recording();

    /**
     * Sets an attribute (OpenInference names in {@link io.draftnrun.domain.trace.SpanAttributes}). Values: String,
     * Boolean, Integer/Long, Double, or List/Map of those; null removes the key.
     */
    SpanHandle set(String key, Object value);

    /** {@code input.value}. */
    SpanHandle input(String value);

    /** {@code output.value}. */
    SpanHandle output(String value);

    /**
     * Marks an LLM or embedding call: {@code llm.provider}, {@code llm.model_name} and whether the platform's own
     * provider key was used ({@code llm.platform_key}; such tokens count against the organization's allowance).
     */
    SpanHandle llm(String provider, String modelName, boolean platformKey);

    /** {@code llm.input_messages}: maps with {@code role} and {@code content}. */
    SpanHandle inputMessages(List<Map<String, Object>> messages);

    /** {@code llm.output_messages}: maps with {@code role} and {@code content}. */
    SpanHandle outputMessages(List<Map<String, Object>> messages);

    /** Adds token usage of this span's own call (called once per call; repeated calls add up). */
    SpanHandle tokens(long prompt, long completion);

    /** A tool call: {@code tool.name}, {@code tool.description}, {@code tool.parameters} (the arguments as JSON). */
    SpanHandle tool(String name, String description, String parametersJson);

    /** {@code retrieval.documents}: maps with {@code id}, {@code content}, {@code score}, {@code metadata}. */
    SpanHandle documents(List<Map<String, Object>> documents);

    SpanHandle event(String name, Map<String, Object> attributes);

    /** Ends the span with status OK. */
    void end();

    /** Ends the span with status ERROR and {@code message} (shown to users: no secrets, no stack traces). */
    void fail(String message);

    /** Ends the span with status ERROR, recording the exception's type and message as an {@code exception} event. */
    void fail(Throwable error);

    /** Ends the span with status OK unless it already ended. */
    @Override
    void close();
}
