package io.draftnrun.domain.llm;

import io.draftnrun.domain.shared.DomainException;
import java.util.Map;

/**
 * A function offered to the model: name, description and the JSON schema of its arguments (an object schema as
 * nested maps and lists, e.g. {@code {"type":"object","properties":{...},"required":[...]}}).
 */
public record ToolSpec(String name, String description, Map<String, Object> parametersJsonSchema) {
    public ToolSpec {
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw DomainException.validation(
                    "tool name '" + name + "' must be 1-64 letters, digits, underscores or dashes");
        }
        description = description == null ? "" : description;
        parametersJsonSchema = parametersJsonSchema == null
                ? Map.of("type", "object", "properties", Map.of())
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parametersJsonSchema));
    }
}
