package io.draftnrun.adapter.out.postgres.trace;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.draftnrun.domain.trace.SpanEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.JSONB;

/**
 * Attributes and events to and from their JSON text; values that cannot be serialised are stored as their text. The
 * columns are {@code json} since migration V2_2; the generated jOOQ type says JSONB (the build forces JSON columns to
 * JSONB, ADR 0002), which reads and binds the same text. NUL characters are written as U+FFFD: PostgreSQL stores
 * {@code \u0000} in a json column but cannot turn it into text ({@code ->>} would fail every search of the project).
 */
final class SpanJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        MAPPER.getFactory().setCharacterEscapes(new NulAsReplacement());
    }

    private SpanJson() {}

    /** The mapper (NUL written as U+FFFD), for reading the spans of a row. */
    static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A generator of consecutive JSON values (no separator between them) onto {@code out}. */
    static JsonGenerator generator(OutputStream out) {
        try {
            JsonGenerator json = MAPPER.getFactory().createGenerator(out);
            json.setRootValueSeparator(null);
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the attributes as a JSON object; throws when a value cannot be serialised. */
    static void writeAttributes(JsonGenerator json, Map<String, Object> attributes) throws IOException {
        writeValue(json, attributes);
    }

    /**
     * Writes a value as Jackson's mapper would: the JSON-like values attributes hold (strings, booleans, numbers,
     * lists, maps with string keys) straight with the generator, anything else through the mapper (which costs a
     * serializer provider and a lookup per call).
     */
    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        switch (value) {
            case null -> json.writeNull();
            case String s -> json.writeString(s);
            case Boolean b -> json.writeBoolean(b);
            case Long l -> json.writeNumber(l);
            case Integer i -> json.writeNumber(i);
            case Double d -> json.writeNumber(d);
            case List<?> list -> {
                json.writeStartArray(list, list.size());
                for (Object item : list) {
                    writeValue(json, item);
                }
                json.writeEndArray();
            }
            case Map<?, ?> map
            when stringKeys(map) -> {
                json.writeStartObject(map, map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    json.writeFieldName((String) e.getKey());
                    writeValue(json, e.getValue());
                }
                json.writeEndObject();
            }
            default -> MAPPER.writeValue(json, value);
        }
    }

    private static boolean stringKeys(Map<?, ?> map) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                return false;
            }
        }
        return true;
    }

    /** Writes the attributes as a JSON object, each value that is not null as its text. */
    static void writeAttributesAsText(JsonGenerator json, Map<String, Object> attributes) throws IOException {
        json.writeStartObject();
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            json.writeFieldName(e.getKey());
            if (e.getValue() == null) {
                json.writeNull();
            } else {
                json.writeString(e.getValue().toString());
            }
        }
        json.writeEndObject();
    }

    /** Writes the events as a JSON array of {@code {name, timestamp, attributes}}; throws when one cannot be. */
    static void writeEvents(JsonGenerator json, List<SpanEvent> events) throws IOException {
        json.writeStartArray();
        for (SpanEvent e : events) {
            json.writeStartObject();
            json.writeStringField("name", e.name());
            json.writeStringField("timestamp", e.timestamp().toString());
            json.writeFieldName("attributes");
            writeValue(json, e.attributes());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    static JSONB attributes(Map<String, Object> attributes) {
        try {
            return JSONB.valueOf(MAPPER.writeValueAsString(attributes));
        } catch (JsonProcessingException e) {
            return JSONB.valueOf(text(json -> writeAttributesAsText(json, attributes), "{}"));
        }
    }

    static JSONB events(List<SpanEvent> events) {
        return JSONB.valueOf(text(json -> writeEvents(json, events), "[]"));
    }

    private interface Writing {
        void write(JsonGenerator json) throws IOException;
    }

    private static String text(Writing writing, String otherwise) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
            writing.write(json);
        } catch (IOException | RuntimeException e) {
            return otherwise;
        }
        return out.toString();
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

    /** JSON's standard escapes, except NUL, written as U+FFFD. */
    private static final class NulAsReplacement extends CharacterEscapes {
        private static final int[] ASCII = standardAsciiEscapesForJSON();
        private static final SerializableString REPLACEMENT = new SerializedString("\uFFFD");

        static {
            ASCII[0] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ASCII;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == 0 ? REPLACEMENT : null;
        }
    }
}
