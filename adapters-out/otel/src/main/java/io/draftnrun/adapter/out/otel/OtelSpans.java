package io.draftnrun.adapter.out.otel;

import io.draftnrun.domain.trace.Span;
import io.draftnrun.domain.trace.SpanAttributes;
import io.draftnrun.domain.trace.SpanEvent;
import io.draftnrun.domain.trace.SpanStatus;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Domain spans as OTel {@link SpanData}: the same ids, name, times and status; OpenInference attributes with their
 * keys, the scope ({@code project_id}, {@code organization_id}, {@code environment}, {@code run_id}) and
 * {@code openinference.span.kind} on every span. Scalars and lists of scalars keep their type; lists of maps
 * (messages, documents) are flattened into OpenInference's indexed keys ({@code llm.input_messages.0.message.role});
 * any other map or nested value becomes its JSON text.
 */
final class OtelSpans {
    static final String INSTRUMENTATION_SCOPE = "io.draftnrun.tracer";
    private static final InstrumentationScopeInfo SCOPE = InstrumentationScopeInfo.create(INSTRUMENTATION_SCOPE);

    @SuppressWarnings("deprecation")
    private static final InstrumentationLibraryInfo LIBRARY =
            InstrumentationLibraryInfo.create(INSTRUMENTATION_SCOPE, null);

    private OtelSpans() {}

    static SpanData toSpanData(Span span, Resource resource) {
        String traceId = span.traceId().value();
        SpanContext context =
                SpanContext.create(traceId, span.spanId().value(), TraceFlags.getSampled(), TraceState.getDefault());
        SpanContext parent = span.parentId()
                .map(p -> SpanContext.create(traceId, p.value(), TraceFlags.getSampled(), TraceState.getDefault()))
                .orElse(SpanContext.getInvalid());
        AttributesBuilder attributes = Attributes.builder();
        attributes.put(SpanAttributes.SPAN_KIND, span.kind().name());
        attributes.put(SpanAttributes.PROJECT_ID, span.scope().projectId().toString());
        attributes.put(
                SpanAttributes.ORGANIZATION_ID,
                span.scope().organizationId().value().toString());
        if (!span.scope().environment().isEmpty()) {
            attributes.put(SpanAttributes.ENVIRONMENT, span.scope().environment());
        }
        span.scope().runId().ifPresent(run -> attributes.put(SpanAttributes.RUN_ID, run.toString()));
        span.attributes().forEach((key, value) -> put(attributes, key, value));
        Attributes built = attributes.build();
        List<EventData> events = new ArrayList<>(span.events().size());
        for (SpanEvent event : span.events()) {
            AttributesBuilder eventAttributes = Attributes.builder();
            event.attributes().forEach((key, value) -> put(eventAttributes, key, value));
            events.add(EventData.create(nanos(event.timestamp()), event.name(), eventAttributes.build()));
        }
        return new DomainSpanData(
                span.name(),
                kind(span.kind()),
                context,
                parent,
                status(span.status()),
                nanos(span.start()),
                nanos(span.end()),
                built,
                List.copyOf(events),
                resource);
    }

    /** Model and reranker calls leave the process; everything else (runs, nodes, tools, retrieval) is internal. */
    static SpanKind kind(io.draftnrun.domain.trace.SpanKind kind) {
        return switch (kind) {
            case LLM, EMBEDDING, RERANKER -> SpanKind.CLIENT;
            default -> SpanKind.INTERNAL;
        };
    }

    private static StatusData status(SpanStatus status) {
        return switch (status.code()) {
            case UNSET -> StatusData.unset();
            case OK -> StatusData.ok();
            case ERROR -> StatusData.create(StatusCode.ERROR, status.message());
        };
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static void put(AttributesBuilder out, String key, Object value) {
        if (key == null || value == null) {
            return;
        }
        switch (value) {
            case String s -> out.put(key, s);
            case Boolean b -> out.put(key, b);
            case Number n when isIntegral(n) || n instanceof BigInteger -> out.put(key, n.longValue());
            case Number n -> out.put(key, n.doubleValue());
            case List<?> list -> putList(out, key, list);
            default -> out.put(key, value instanceof Map<?, ?> ? Json.write(value) : value.toString());
        }
    }

    private static void putList(AttributesBuilder out, String key, List<?> list) {
        if (list.stream().allMatch(v -> v instanceof String)) {
            out.put(
                    AttributeKey.stringArrayKey(key),
                    list.stream().map(String.class::cast).toList());
        } else if (list.stream().allMatch(v -> v instanceof Boolean)) {
            out.put(
                    AttributeKey.booleanArrayKey(key),
                    list.stream().map(Boolean.class::cast).toList());
        } else if (list.stream().allMatch(OtelSpans::isIntegral)) {
            out.put(
                    AttributeKey.longArrayKey(key),
                    list.stream().map(v -> ((Number) v).longValue()).toList());
        } else if (list.stream().allMatch(v -> v instanceof Number)) {
            out.put(
                    AttributeKey.doubleArrayKey(key),
                    list.stream().map(v -> ((Number) v).doubleValue()).toList());
        } else if (list.stream().allMatch(v -> v instanceof Map<?, ?>)) {
            String element = elementName(key);
            for (int i = 0; i < list.size(); i++) {
                String prefix = key + "." + i + (element.isEmpty() ? "" : "." + element);
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) list.get(i)).entrySet()) {
                    Object v = entry.getValue();
                    String k = prefix + "." + entry.getKey();
                    if (v instanceof Map<?, ?> || v instanceof List<?>) {
                        out.put(k, Json.write(v)); // e.g. document.metadata: OpenInference wants JSON text
                    } else {
                        put(out, k, v);
                    }
                }
            }
        } else {
            out.put(key, Json.write(list));
        }
    }

    private static boolean isIntegral(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte;
    }

    /** OpenInference's name of one element of a flattened list attribute. */
    private static String elementName(String key) {
        return switch (key) {
            case SpanAttributes.LLM_INPUT_MESSAGES, SpanAttributes.LLM_OUTPUT_MESSAGES -> "message";
            case SpanAttributes.RETRIEVAL_DOCUMENTS,
                    SpanAttributes.RERANKER_INPUT_DOCUMENTS,
                    SpanAttributes.RERANKER_OUTPUT_DOCUMENTS -> "document";
            case SpanAttributes.EMBEDDING_EMBEDDINGS -> "embedding";
            default -> "";
        };
    }

    /** An immutable, ended span as the OTLP exporter reads it. */
    private record DomainSpanData(
            String name,
            SpanKind kind,
            SpanContext context,
            SpanContext parent,
            StatusData status,
            long startNanos,
            long endNanos,
            Attributes attributes,
            List<EventData> events,
            Resource resource)
            implements SpanData {

        @Override
        public String getName() {
            return name;
        }

        @Override
        public SpanKind getKind() {
            return kind;
        }

        @Override
        public SpanContext getSpanContext() {
            return context;
        }

        @Override
        public SpanContext getParentSpanContext() {
            return parent;
        }

        @Override
        public StatusData getStatus() {
            return status;
        }

        @Override
        public long getStartEpochNanos() {
            return startNanos;
        }

        @Override
        public Attributes getAttributes() {
            return attributes;
        }

        @Override
        public List<EventData> getEvents() {
            return events;
        }

        @Override
        public List<LinkData> getLinks() {
            return List.of();
        }

        @Override
        public long getEndEpochNanos() {
            return endNanos;
        }

        @Override
        public boolean hasEnded() {
            return true;
        }

        @Override
        public int getTotalRecordedEvents() {
            return events.size();
        }

        @Override
        public int getTotalRecordedLinks() {
            return 0;
        }

        @Override
        public int getTotalAttributeCount() {
            return attributes.size();
        }

        @Override
        @Deprecated
        public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
            return LIBRARY;
        }

        @Override
        public InstrumentationScopeInfo getInstrumentationScopeInfo() {
            return SCOPE;
        }

        @Override
        public Resource getResource() {
            return resource;
        }
    }

    /** Just enough JSON for attribute values that OTLP cannot carry as such (maps, nested lists). */
    static final class Json {
        private Json() {}

        static String write(Object value) {
            StringBuilder out = new StringBuilder();
            write(out, value);
            return out.toString();
        }

        private static void write(StringBuilder out, Object value) {
            switch (value) {
                case null -> out.append("null");
                case String s -> string(out, s);
                case Boolean b -> out.append(b);
                case Double d when d.isNaN() || d.isInfinite() -> string(out, d.toString());
                case Float f when f.isNaN() || f.isInfinite() -> string(out, f.toString());
                case BigDecimal d -> out.append(d.toPlainString());
                case Number n -> out.append(n);
                case Map<?, ?> map -> {
                    out.append('{');
                    boolean first = true;
                    for (Map.Entry<?, ?> e : map.entrySet()) {
                        if (!first) {
                            out.append(',');
                        }
                        first = false;
                        string(out, String.valueOf(e.getKey()));
                        out.append(':');
                        write(out, e.getValue());
                    }
                    out.append('}');
                }
                case List<?> list -> {
                    out.append('[');
                    for (int i = 0; i < list.size(); i++) {
                        if (i > 0) {
                            out.append(',');
                        }
                        write(out, list.get(i));
                    }
                    out.append(']');
                }
                default -> string(out, value.toString());
            }
        }

        private static void string(StringBuilder out, String s) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }
    }
}
