package io.draftnrun.adapter.out.postgres.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.draftnrun.domain.trace.SpanEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.JSONB;

/**
 * Attributes and events to and from their JSON text; values that cannot be serialised are stored as their text. The
 * columns are {@code json} since migration V2_2; the generated jOOQ type says JSONB (the build forces JSON columns to
 * JSONB, ADR 0002), which reads and binds the same text.
 */
final class SpanJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SpanJson() {}

    static JSONB attributes(Map<String, Object> attributes) {
        try {
            return JSONB.valueOf(MAPPER.writeValueAsString(attributes));
        } catch (JsonProcessingException e) {
            Map<String, Object> safe = new LinkedHashMap<>();
            attributes.forEach((k, v) -> safe.put(k, v == null ? null : v.toString()));
            try {
                return JSONB.valueOf(MAPPER.writeValueAsString(safe));
            } catch (JsonProcessingException impossible) {
                return JSONB.valueOf("{}");
            }
        }
    }

    static JSONB events(List<SpanEvent> events) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (SpanEvent e : events) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", e.name());
            m.put("timestamp", e.timestamp().toString());
            m.put("attributes", e.attributes());
            list.add(m);
        }
        try {
            return JSONB.valueOf(MAPPER.writeValueAsString(list));
        } catch (JsonProcessingException e) {
            return JSONB.valueOf("[]");
        }
    }

    static Map<String, Object> readAttributes(JSONB json) {
        if (json == null) {
            return Map.of();
        }
        try {
            Map<String, Object> map =
                    MAPPER.readValue(json.data(), new TypeReference<LinkedHashMap<String, Object>>() {});
            map.values().removeIf(java.util.Objects::isNull);
            return map;
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    @SuppressWarnings("unchecked")
    static List<SpanEvent> readEvents(JSONB json) {
        if (json == null) {
            return List.of();
        }
        try {
            List<Map<String, Object>> list =
                    MAPPER.readValue(json.data(), new TypeReference<List<Map<String, Object>>>() {});
            List<SpanEvent> events = new ArrayList<>();
            for (Map<String, Object> m : list) {
                Object attrs = m.get("attributes");
                Map<String, Object> a =
                        attrs instanceof Map<?, ?> ? new LinkedHashMap<>((Map<String, Object>) attrs) : Map.of();
                a.values().removeIf(java.util.Objects::isNull);
                events.add(new SpanEvent(
                        String.valueOf(m.get("name")), Instant.parse(String.valueOf(m.get("timestamp"))), a));
            }
            return events;
        } catch (JsonProcessingException | RuntimeException e) {
            return List.of();
        }
    }
}
