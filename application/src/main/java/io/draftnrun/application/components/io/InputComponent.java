package io.draftnrun.application.components.io;

import io.draftnrun.application.runtime.ComponentBehaviour;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.ResolvedParameters;
import io.draftnrun.application.runtime.RunContext;
import io.draftnrun.application.runtime.RunnableComponent;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.component.ParameterDefinition;
import io.draftnrun.domain.component.ParameterType;
import io.draftnrun.domain.component.ReleaseStage;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.component.UiComponent;
import io.draftnrun.domain.run.InputBlock;
import io.draftnrun.domain.run.Payload;
import java.util.List;
import java.util.Map;

/**
 * The Input block (spec 3.1): the start node of every new project, receiving the run's request. Its
 * {@code payload_schema} is a JSON object whose keys become the variables of downstream components: the runner fills
 * missing keys with the schema's values, and the block passes on only the keys the schema names. Deliberate change from
 * the reference: the schema is typed {@code json} (an object), not a string holding JSON, and carries no {@code order}.
 */
public final class InputComponent implements ComponentBehaviour {
    public static final ComponentId ID = ComponentId.of("01357c0b-bc99-44ce-a435-995acc5e2544");
    public static final String NAME = InputBlock.COMPONENT_NAME;
    public static final String PAYLOAD_SCHEMA = InputBlock.PAYLOAD_SCHEMA;

    /** The default schema: one user message "Hello" and an {@code additional_info} key. */
    public static final Map<String, Object> DEFAULT_PAYLOAD_SCHEMA =
            Map.of("messages", List.of(Map.of("role", "user", "content", "Hello")), "additional_info", "info");

    /** This component's catalog entry. */
    public static final ComponentDefinition DEFINITION = ComponentDefinition.builder()
            .id(ID)
            .name(NAME)
            .description(
                    "The entry point of the workflow: the keys of its payload schema become variables for downstream"
                            + " components.")
            .agent(true)
            .protectedFromRemoval(true)
            .releaseStage(ReleaseStage.PUBLIC)
            .parameters(List.of(ParameterDefinition.builder(PAYLOAD_SCHEMA, ParameterType.JSON)
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
                    .build()))
            .defaultToolDescription(ToolDescription.empty("default"))
            .build();

    @Override
    public ComponentDefinition definition() {
        return DEFINITION;
    }

    @Override
    public RunnableComponent create(ComponentSpec spec) {
        Map<String, Object> schema = schemaOf(spec.parameters());
        String name = spec.instanceName().isBlank() ? NAME : spec.instanceName();
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
    public static Map<String, Object> schemaOf(ResolvedParameters parameters) {
        return parameters.jsonObject(PAYLOAD_SCHEMA).orElse(DEFAULT_PAYLOAD_SCHEMA);
    }

    /** What a run does with the request at the Input: defaults for missing keys, then the whitelist. */
    public static Map<String, Object> process(Map<String, Object> request, Map<String, Object> payloadSchema) {
        return InputBlock.whitelist(InputBlock.withDefaults(request, payloadSchema), payloadSchema);
    }
}
