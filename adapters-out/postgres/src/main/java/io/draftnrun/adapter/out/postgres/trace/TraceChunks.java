package io.draftnrun.adapter.out.postgres.trace;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.draftnrun.domain.trace.Rollup;
import io.draftnrun.domain.trace.Span;
import io.draftnrun.domain.trace.SpanAttributes;
import io.draftnrun.domain.trace.SpanEvent;
import io.draftnrun.domain.trace.SpanId;
import io.draftnrun.domain.trace.SpanKind;
import io.draftnrun.domain.trace.SpanStatus;
import io.draftnrun.domain.trace.TokenCounts;
import io.draftnrun.domain.trace.TraceId;
import io.draftnrun.domain.trace.TraceScope;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The spans of a row of {@code trace_chunks} (migration V2_4): a JSON array with one object per span, written
 * straight into a COPY buffer and read back into spans; and the roll-ups of a trace computed from its spans' own
 * counts (when some span's cumulative was unknown to the tracer).
 */
final class TraceChunks {
    /** Deeper trees than this are not rolled up beyond it (a guard against corrupt parent links). */
    static final int MAX_DEPTH = 128;

    private TraceChunks() {}

    /** A span read back, with the cumulative the tracer computed (empty when it did not know it). */
    record Read(Span span, Optional<Rollup> cumulative) {}

    /**
     * Writes one span as a JSON object (a root value of {@code json}). {@code attributesMode}: 0 as they are, 1 each
     * value as its text, 2 none; {@code withEvents}: false writes no events. Throws when a value cannot be written.
     */
    static void write(JsonGenerator json, Span s, int attributesMode, boolean withEvents) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", s.spanId().value());
        if (s.parentId().isPresent()) {
            json.writeStringField("parent", s.parentId().get().value());
        }
        json.writeStringField("name", truncate(s.name(), 512));
        json.writeStringField("kind", s.kind().name());
        json.writeNumberField("start", micros(s.start()));
        json.writeNumberField("end", micros(s.end()));
        json.writeStringField("status", s.status().code().name());
        json.writeStringField("message", s.status().message());
        Map<String, Object> attributes = s.attributes();
        if (attributes.containsKey(SpanAttributes.LLM_TOKEN_COUNT_PROMPT)
                || attributes.containsKey(SpanAttributes.LLM_TOKEN_COUNT_COMPLETION)) {
            TokenCounts own = s.ownTokens();
            json.writeNumberField("p", own.prompt());
            json.writeNumberField("c", own.completion());
        }
        if (s.cumulative().isPresent()) {
            Rollup r = s.cumulative().get();
            json.writeArrayFieldStart("cum");
            json.writeNumber(r.tokens().prompt());
            json.writeNumber(r.tokens().completion());
            json.writeNumber(r.errorCount());
            json.writeEndArray();
        }
        json.writeFieldName("attributes");
        switch (attributesMode) {
            case 0 -> SpanJson.writeAttributes(json, attributes);
            case 1 -> SpanJson.writeAttributesAsText(json, attributes);
            default -> {
                json.writeStartObject();
                json.writeEndObject();
            }
        }
        json.writeFieldName("events");
        if (withEvents) {
            SpanJson.writeEvents(json, s.events());
        } else {
            json.writeStartArray();
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** Reads the spans of a row's JSON array (or of one element); an unreadable text gives none. */
    static List<Read> read(String json, TraceId trace, TraceScope scope) {
        if (json == null) {
            return List.of();
        }
        JsonNode node;
        try {
            node = SpanJson.mapper().readTree(json);
        } catch (IOException e) {
            return List.of();
        }
        List<Read> spans = new ArrayList<>();
        if (node instanceof ArrayNode array) {
            for (JsonNode element : array) {
                readOne(element, trace, scope).ifPresent(spans::add);
            }
        } else if (node != null && node.isObject()) {
            readOne(node, trace, scope).ifPresent(spans::add);
        }
        return spans;
    }

    private static Optional<Read> readOne(JsonNode e, TraceId trace, TraceScope scope) {
        try {
            SpanStatus.Code code;
            try {
                code = SpanStatus.Code.valueOf(e.path("status").asText());
            } catch (IllegalArgumentException ex) {
                code = SpanStatus.Code.UNSET;
            }
            Instant start = instant(e.path("start").asLong());
            Instant end = instant(e.path("end").asLong());
            JsonNode parent = e.get("parent");
            Span span = new Span(
                    trace,
                    new SpanId(e.path("id").asText()),
                    parent == null || parent.isNull() ? Optional.empty() : Optional.of(new SpanId(parent.asText())),
                    e.path("name").asText(""),
                    SpanKind.parse(e.path("kind").asText()),
                    start,
                    end.isBefore(start) ? start : end,
                    attributes(e.get("attributes")),
                    events(e.get("events")),
                    new SpanStatus(code, e.path("message").asText("")),
                    scope);
            JsonNode cum = e.get("cum");
            Optional<Rollup> cumulative = cum != null && cum.isArray() && cum.size() == 3
                    ? Optional.of(new Rollup(
                            new TokenCounts(
                                    Math.max(0, cum.get(0).asLong()),
                                    Math.max(0, cum.get(1).asLong())),
                            Math.max(0, cum.get(2).asLong())))
                    : Optional.empty();
            return Optional.of(new Read(span, cumulative));
        } catch (RuntimeException ex) {
            return Optional.empty();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> attributes(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Map.of();
        }
        Map<String, Object> map = SpanJson.mapper().convertValue(node, LinkedHashMap.class);
        map.values().removeIf(java.util.Objects::isNull);
        return map;
    }

    @SuppressWarnings("unchecked")
    private static List<SpanEvent> events(JsonNode node) {
        if (node == null || !node.isArray()) {
            return List.of();
        }
        List<SpanEvent> events = new ArrayList<>();
        try {
            for (JsonNode m : node) {
                JsonNode attrs = m.get("attributes");
                Map<String, Object> a = attrs != null && attrs.isObject()
                        ? SpanJson.mapper().convertValue(attrs, LinkedHashMap.class)
                        : new LinkedHashMap<>();
                a.values().removeIf(java.util.Objects::isNull);
                events.add(new SpanEvent(
                        m.path("name").asText(),
                        Instant.parse(m.path("timestamp").asText()),
                        a));
            }
        } catch (RuntimeException e) {
            return List.of();
        }
        return events;
    }

    /**
     * The cumulative counts of every span (its own tokens and errors plus those of all its descendants up to
     * {@value #MAX_DEPTH} levels below), from the spans' own counts.
     */
    static Map<SpanId, Rollup> rollups(List<Span> spans) {
        Map<SpanId, Span> byId = new LinkedHashMap<>();
        Map<SpanId, List<SpanId>> children = new HashMap<>();
        for (Span s : spans) {
            if (byId.putIfAbsent(s.spanId(), s) == null && s.parentId().isPresent()) {
                children.computeIfAbsent(s.parentId().get(), k -> new ArrayList<>())
                        .add(s.spanId());
            }
        }
        Map<SpanId, Rollup> result = new HashMap<>();
        for (SpanId id : byId.keySet()) {
            result.put(id, sum(id, byId, children, 0, new HashSet<>()));
        }
        return result;
    }

    private static Rollup sum(
            SpanId id, Map<SpanId, Span> byId, Map<SpanId, List<SpanId>> children, int depth, Set<SpanId> path) {
        Span s = byId.get(id);
        Rollup total = Rollup.own(s);
        if (depth >= MAX_DEPTH || !path.add(id)) {
            return total;
        }
        for (SpanId child : children.getOrDefault(id, List.of())) {
            if (!path.contains(child)) {
                total = total.plus(sum(child, byId, children, depth + 1, path));
            }
        }
        path.remove(id);
        return total;
    }
}
