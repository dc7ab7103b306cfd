package io.draftnrun.domain.llm;

import io.draftnrun.domain.shared.DomainException;
import java.util.Map;

/**
 * A function offered to the model: name, description and the JSON schema of its arguments (an object schema as
 * nested maps and lists, e.g. {@code {"type":"object","properties":{...},"required":[...]}}).
 */
public record ToolSpec(String name, String description, Map<String, Object> parametersJsonSchema) {
    public ToolSpec {
        if (name == null || !validName(name)) {
            throw DomainException.validation(
                    "tool name '" + name + "' must be 1-64 letters, digits, underscores or dashes");
        }
        description = description == null ? "" : description;
        parametersJsonSchema = parametersJsonSchema == null
                ? Map.of("type", "object", "properties", Map.of())
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parametersJsonSchema));
    }

    /** 1-64 of {@code [A-Za-z0-9_-]}; a loop rather than a regular expression compiled at every run. */
    private static boolean validName(String name) {
        if (name.isEmpty() || name.length() > 64) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
