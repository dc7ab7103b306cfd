package io.draftnrun.application.runtime;

import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.llm.ToolSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns a tool description into the function a model is offered (spec 2.3: an object schema of its properties). */
public final class ToolSpecs {
    /** Compiled once: every LLM Call and agent node builds its tool spec at every run. */
    private static final java.util.regex.Pattern NOT_A_NAME = java.util.regex.Pattern.compile("[^A-Za-z0-9_-]");

    private ToolSpecs() {}

    public static ToolSpec of(ToolDescription description) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", description.properties());
        schema.put("required", description.requiredProperties());
        String name = NOT_A_NAME.matcher(description.functionName()).replaceAll("_");
        if (name.length() > 64) {
            name = name.substring(0, 64);
        }
        return new ToolSpec(name, description.description(), schema);
    }
}
