package io.draftnrun.application.components.io;

import io.draftnrun.application.component.ComponentDefinitionFactory;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.component.ParameterDefinition;
import io.draftnrun.domain.component.ParameterType;
import io.draftnrun.domain.component.ReleaseStage;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.component.UiComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Input block (spec 3.1): the start node of every new project. Its {@code payload_schema} is a JSON object whose
 * keys become the variables of downstream components. Deliberate change from the reference: the schema is typed
 * {@code json} (an object), not a string holding JSON, so no parsing happens at run time.
 */
public final class InputComponent implements ComponentDefinitionFactory {
    public static final ComponentId ID = ComponentId.of("01357c0b-bc99-44ce-a435-995acc5e2544");
    public static final String NAME = "Input";
    public static final String PAYLOAD_SCHEMA = "payload_schema";

    /** The default schema: one user message "Hello" and an {@code additional_info} key. */
    public static final Map<String, Object> DEFAULT_PAYLOAD_SCHEMA =
            Map.of("messages", List.of(Map.of("role", "user", "content", "Hello")), "additional_info", "info");

    @Override
    public ComponentDefinition definition() {
        return new ComponentDefinition(
                ID,
                NAME,
                "The entry point of the workflow: the keys of its payload schema become variables for downstream"
                        + " components.",
                true,
                false,
                false,
                true,
                ReleaseStage.PUBLIC,
                List.of(ParameterDefinition.builder(PAYLOAD_SCHEMA, ParameterType.JSON)
                        .required()
                        .defaultValue(DEFAULT_PAYLOAD_SCHEMA)
                        .order(0)
                        .ui(
                                UiComponent.TEXTAREA,
                                Map.of(
                                        "label",
                                        "Payload schema",
                                        "description",
                                        "The keys of this JSON become variables for downstream components."))
                        .build()),
                Optional.of(ToolDescription.empty("default")));
    }

    /**
     * The request with the schema's value for every top-level key it lacks (the runner does this before a run, for
     * draft and production alike). A non-object schema adds nothing.
     */
    public static Map<String, Object> withDefaults(Map<String, Object> request, Object payloadSchema) {
        Map<String, Object> result = new LinkedHashMap<>(request);
        if (payloadSchema instanceof Map<?, ?> schema) {
            schema.forEach((k, v) -> result.putIfAbsent((String) k, v));
        }
        return result;
    }

    /** The Input's output: only the request keys the schema names (whitelist), in the request's order. */
    public static Map<String, Object> filter(Map<String, Object> request, Object payloadSchema) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (payloadSchema instanceof Map<?, ?> schema) {
            request.forEach((k, v) -> {
                if (schema.containsKey(k)) {
                    result.put(k, v);
                }
            });
        }
        return result;
    }

    /** What a run does with the request at the Input: defaults for missing keys, then the whitelist. */
    public static Map<String, Object> process(Map<String, Object> request, Object payloadSchema) {
        return filter(withDefaults(request, payloadSchema), payloadSchema);
    }
}
