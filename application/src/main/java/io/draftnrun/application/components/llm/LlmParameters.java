package io.draftnrun.application.components.llm;

import io.draftnrun.application.runtime.ResolvedParameters;
import io.draftnrun.domain.component.ParameterDefinition;
import io.draftnrun.domain.component.ParameterType;
import io.draftnrun.domain.component.UiComponent;
import io.draftnrun.domain.llm.ModelCapability;
import io.draftnrun.domain.llm.ModelReference;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameter bundle shared by LLM-backed components (spec 3.0): {@code completion_model} ({@code provider:model},
 * default {@code openai:gpt-4.1-mini}), {@code api_key} (never set by users; an organization secret reference) and
 * {@code temperature} (0.5, the reference's effective value).
 */
public final class LlmParameters {
    public static final String COMPLETION_MODEL = "completion_model";
    public static final String API_KEY = "api_key";
    public static final String TEMPERATURE = "temperature";
    public static final String DEFAULT_MODEL = "openai:gpt-4.1-mini";
    public static final double DEFAULT_TEMPERATURE = 0.5;

    private LlmParameters() {}

    /** The bundle's definitions, with display orders starting at {@code firstOrder}; the model needs completion. */
    public static List<ParameterDefinition> definitions(int firstOrder) {
        return definitions(firstOrder, ModelCapability.COMPLETION);
    }

    /** The bundle's definitions for a component whose model must have these capabilities (checked at save). */
    public static List<ParameterDefinition> definitions(int firstOrder, ModelCapability... modelNeeds) {
        return List.of(
                ParameterDefinition.builder(COMPLETION_MODEL, ParameterType.LLM_MODEL)
                        .defaultValue(DEFAULT_MODEL)
                        .needsModel(modelNeeds)
                        .order(firstOrder)
                        .ui(
                                UiComponent.SELECT,
                                Map.of(
                                        "label",
                                        "Model Name",
                                        "options",
                                        List.of(
                                                "openai:gpt-4.1",
                                                "openai:gpt-4.1-mini",
                                                "openai:gpt-4.1-nano",
                                                "openai:gpt-4o",
                                                "openai:gpt-4o-mini")))
                        .build(),
                ParameterDefinition.builder(API_KEY, ParameterType.LLM_API_KEY).build(),
                ParameterDefinition.builder(TEMPERATURE, ParameterType.FLOAT)
                        .defaultValue(DEFAULT_TEMPERATURE)
                        .order(firstOrder + 1)
                        .ui(UiComponent.SLIDER, Map.of("label", "Temperature", "min", 0, "max", 2, "step", 0.1))
                        .advanced()
                        .build());
    }

    public static ModelReference model(ResolvedParameters p) {
        return ModelReference.parse(p.string(COMPLETION_MODEL).orElse(DEFAULT_MODEL));
    }

    public static Optional<String> apiKey(ResolvedParameters p) {
        return p.string(API_KEY);
    }

    public static double temperature(ResolvedParameters p) {
        return p.decimal(TEMPERATURE).orElse(DEFAULT_TEMPERATURE);
    }
}
