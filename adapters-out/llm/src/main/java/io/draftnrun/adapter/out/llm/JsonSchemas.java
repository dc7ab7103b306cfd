package io.draftnrun.adapter.out.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import io.draftnrun.domain.llm.ToolSpec;
import io.draftnrun.domain.shared.DomainException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts JSON schemas held as maps (tool parameters, output formats) into langchain4j schema elements. */
final class JsonSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonSchemas() {}

    static ToolSpecification tool(ToolSpec spec) {
        return ToolSpecification.builder()
                .name(spec.name())
                .description(spec.description())
                .parameters(object(spec.parametersJsonSchema(), "tool '" + spec.name() + "' parameters"))
                .build();
    }

    static JsonObjectSchema object(Map<String, Object> schema, String where) {
        Object type = schema.get("type");
        if (type != null && !"object".equals(type)) {
            throw DomainException.validation(where + " must be a JSON schema of type object, not " + type);
        }
        JsonObjectSchema.Builder builder = JsonObjectSchema.builder();
        if (schema.get("description") instanceof String d) {
            builder.description(d);
        }
        if (schema.get("properties") instanceof Map<?, ?> properties) {
            Map<String, JsonSchemaElement> converted = new LinkedHashMap<>();
            properties.forEach(
                    (name, value) -> converted.put(String.valueOf(name), element(value, where + "." + name)));
            builder.addProperties(converted);
        }
        if (schema.get("required") instanceof List<?> required) {
            builder.required(required.stream().map(String::valueOf).toList());
        }
        if (schema.get("additionalProperties") instanceof Boolean additional) {
            builder.additionalProperties(additional);
        }
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    static JsonSchemaElement element(Object value, String where) {
        if (!(value instanceof Map<?, ?> raw)) {
            throw DomainException.validation(where + " must be a JSON schema object");
        }
        Map<String, Object> schema = (Map<String, Object>) raw;
        String description = schema.get("description") instanceof String d ? d : null;
        if (schema.get("enum") instanceof List<?> values) {
            return JsonEnumSchema.builder()
                    .enumValues(values.stream().map(String::valueOf).toList())
                    .description(description)
                    .build();
        }
        if (schema.get("anyOf") instanceof List<?> options) {
            List<JsonSchemaElement> converted = new ArrayList<>();
            for (Object option : options) {
                converted.add(element(option, where + ".anyOf"));
            }
            return JsonAnyOfSchema.builder()
                    .anyOf(converted)
                    .description(description)
                    .build();
        }
        Object type = schema.get("type");
        if (!(type instanceof String t)) {
            return raw(schema, where);
        }
        return switch (t) {
            case "object" -> object(schema, where);
            case "array" ->
                JsonArraySchema.builder()
                        .items(
                                schema.containsKey("items")
                                        ? element(schema.get("items"), where + ".items")
                                        : raw(Map.of(), where))
                        .description(description)
                        .build();
            case "string" -> JsonStringSchema.builder().description(description).build();
            case "integer" ->
                JsonIntegerSchema.builder().description(description).build();
            case "number" -> JsonNumberSchema.builder().description(description).build();
            case "boolean" ->
                JsonBooleanSchema.builder().description(description).build();
            case "null" -> new JsonNullSchema();
            default -> throw DomainException.validation(where + " has unknown JSON schema type '" + t + "'");
        };
    }

    private static JsonSchemaElement raw(Map<String, Object> schema, String where) {
        try {
            return JsonRawSchema.from(JSON.writeValueAsString(schema));
        } catch (JsonProcessingException e) {
            throw DomainException.validation(where + " is not a serialisable JSON schema");
        }
    }
}
