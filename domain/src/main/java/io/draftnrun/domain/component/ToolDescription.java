package io.draftnrun.domain.component;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Function-calling metadata of a block used as a tool: a name, a description, JSON-schema fragments per property and
 * the required property names. Components have a default one; an instance may carry its own, stored with the
 * instance (never shared by name with other instances).
 */
public record ToolDescription(
        String name, String description, Map<String, Object> properties, List<String> requiredProperties) {
    public ToolDescription {
        Objects.requireNonNull(name, "tool name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a tool description needs a name");
        }
        description = description == null ? "" : description;
        properties = properties == null ? Map.of() : JsonValues.copyObject(properties);
        requiredProperties = requiredProperties == null ? List.of() : List.copyOf(requiredProperties);
    }

    public static ToolDescription empty(String name) {
        return new ToolDescription(name, "", Map.of(), List.of());
    }

    /** The name as sent to an LLM: spaces become underscores (the reference's rule). */
    public String functionName() {
        return name.replace(' ', '_');
    }
}
