package io.draftnrun.domain.component;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A component type of the catalog: what it is, its flags, its parameters (slots included) and the tool description
 * it offers by default when another agent uses it as a tool.
 *
 * @param isAgent an agent (receives and produces messages)
 * @param functionCallable may be attached to an agent as a tool
 * @param canUseFunctionCalling has a tool list (a {@code TOOL} parameter)
 * @param isProtected may not be removed from a graph by the editor (the Input block)
 */
public record ComponentDefinition(
        ComponentId id,
        String name,
        String description,
        boolean isAgent,
        boolean functionCallable,
        boolean canUseFunctionCalling,
        boolean isProtected,
        ReleaseStage releaseStage,
        List<ParameterDefinition> parameters,
        Optional<ToolDescription> defaultToolDescription) {

    public ComponentDefinition {
        Objects.requireNonNull(id, "component id");
        Objects.requireNonNull(name, "component name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a component needs a name");
        }
        description = description == null ? "" : description;
        Objects.requireNonNull(releaseStage, "release stage");
        parameters = List.copyOf(parameters);
        defaultToolDescription = defaultToolDescription == null ? Optional.empty() : defaultToolDescription;
        Set<String> names = new HashSet<>();
        long toolSlots = 0;
        for (ParameterDefinition p : parameters) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("component " + name + " declares parameter " + p.name() + " twice");
            }
            if (p.type() == ParameterType.TOOL) {
                toolSlots++;
            }
        }
        if (toolSlots > 1) {
            throw new IllegalArgumentException("component " + name + " has more than one tool list");
        }
    }

    public Optional<ParameterDefinition> parameter(String parameterName) {
        return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
    }

    /** The parameters filled by child nodes. */
    public List<ParameterDefinition> slots() {
        return parameters.stream().filter(p -> p.type().isSlot()).toList();
    }

    /** The parameters filled by values. */
    public List<ParameterDefinition> valueParameters() {
        return parameters.stream().filter(p -> !p.type().isSlot()).toList();
    }

    /** The name of the tool-list parameter, if this component can use function calling. */
    public Optional<String> toolParameterName() {
        return parameters.stream()
                .filter(p -> p.type() == ParameterType.TOOL)
                .map(ParameterDefinition::name)
                .findFirst();
    }
}
