package io.draftnrun.application.components.io;

import io.draftnrun.application.runtime.ComponentBehaviour;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.RunContext;
import io.draftnrun.application.runtime.RunnableComponent;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.component.ParameterDefinition;
import io.draftnrun.domain.component.ParameterType;
import io.draftnrun.domain.component.ReleaseStage;
import io.draftnrun.domain.component.UiComponent;
import io.draftnrun.domain.run.InputBlock;
import io.draftnrun.domain.run.Json;
import io.draftnrun.domain.run.Payload;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Input block (spec 3.1): the start node receiving the run's request. Its {@code payload_schema} lists the keys
 * the run accepts with their defaults (the runner fills missing keys before the run); it passes on only those keys.
 */
public final class InputComponent implements ComponentBehaviour {
    public static final ComponentId ID = ComponentId.of("01357c0b-bc99-44ce-a435-995acc5e2544");
    public static final String DEFAULT_SCHEMA =
            "{\"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}], \"additional_info\": \"info\"}";

    private static final ComponentDefinition DEFINITION = new ComponentDefinition(
            ID,
            InputBlock.COMPONENT_NAME,
            "The request of a run. The keys of this JSON become variables for downstream components.",
            true,
            false,
            false,
            true,
            ReleaseStage.PUBLIC,
            List.of(ParameterDefinition.builder(InputBlock.PAYLOAD_SCHEMA, ParameterType.STRING)
                    .required()
                    .defaultValue(DEFAULT_SCHEMA)
                    .order(0)
                    .ui(UiComponent.TEXTAREA, Map.of("label", "Payload schema"))
                    .build()),
            Optional.empty());

    @Override
    public ComponentDefinition definition() {
        return DEFINITION;
    }

    @Override
    public RunnableComponent create(ComponentSpec spec) {
        Map<String, Object> schema = spec.parameters()
                .jsonObject(InputBlock.PAYLOAD_SCHEMA)
                .orElseGet(() -> Json.parseObject(DEFAULT_SCHEMA));
        String name = spec.instanceName().isBlank() ? InputBlock.COMPONENT_NAME : spec.instanceName();
        return new RunnableComponent() {
            @Override
            public Payload run(List<Payload> inputs, RunContext ctx) {
                Map<String, Object> request =
                        inputs.isEmpty() ? Map.of() : inputs.getFirst().toMap();
                return Payload.fromMap(InputBlock.whitelist(request, schema));
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    /** The schema (keys and defaults) of an Input node's parameters, for the runner's defaults step. */
    public static Map<String, Object> schemaOf(io.draftnrun.application.runtime.ResolvedParameters parameters) {
        return parameters.jsonObject(InputBlock.PAYLOAD_SCHEMA).orElseGet(() -> Json.parseObject(DEFAULT_SCHEMA));
    }
}
