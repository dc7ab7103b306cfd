package io.draftnrun.domain.llm;

import java.util.Objects;

/** A function call requested by the model: call id, function name and its arguments as a JSON object string. */
public record ToolCall(String id, String name, String argumentsJson) {
    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        argumentsJson = argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson;
    }
}
