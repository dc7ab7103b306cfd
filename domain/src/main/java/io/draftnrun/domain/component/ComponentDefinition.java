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
 *     <p>Build one with {@link #builder()}: named flags instead of four positional booleans. The canonical
 *     constructor is for the builder only ({@code ArchitectureTest} checks no other class calls it).
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

    /** A builder: every flag false, no description, no parameters, no default tool description. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link ComponentDefinition} with named flags. {@link #id}, {@link #name} and {@link #releaseStage}
     * are required; {@link #build()} fails when one is missing, and applies the record's own checks.
     */
    public static final class Builder {
        private ComponentId id;
        private String name;
        private String description = "";
        private boolean isAgent;
        private boolean functionCallable;
        private boolean canUseFunctionCalling;
        private boolean isProtected;
        private ReleaseStage releaseStage;
        private List<ParameterDefinition> parameters = List.of();
        private Optional<ToolDescription> defaultToolDescription = Optional.empty();

        private Builder() {}

        public Builder id(ComponentId id) {
            this.id = id;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** An agent: receives and produces messages. */
        public Builder agent(boolean isAgent) {
            this.isAgent = isAgent;
            return this;
        }

        /** May be attached to an agent as a tool. */
        public Builder functionCallable(boolean functionCallable) {
            this.functionCallable = functionCallable;
            return this;
        }

        /** Has a tool list (a {@code TOOL} parameter). */
        public Builder canUseFunctionCalling(boolean canUseFunctionCalling) {
            this.canUseFunctionCalling = canUseFunctionCalling;
            return this;
        }

        /** May not be removed from a graph by the editor (the Input block). */
        public Builder protectedFromRemoval(boolean isProtected) {
            this.isProtected = isProtected;
            return this;
        }

        public Builder releaseStage(ReleaseStage releaseStage) {
            this.releaseStage = releaseStage;
            return this;
        }

        public Builder parameters(List<ParameterDefinition> parameters) {
            this.parameters = Objects.requireNonNull(parameters, "parameters");
            return this;
        }

        /** The tool description offered by default when an agent uses this component as a tool. */
        public Builder defaultToolDescription(ToolDescription defaultToolDescription) {
            this.defaultToolDescription = Optional.of(defaultToolDescription);
            return this;
        }

        public Builder defaultToolDescription(Optional<ToolDescription> defaultToolDescription) {
            this.defaultToolDescription = Objects.requireNonNull(defaultToolDescription, "default tool description");
            return this;
        }

        public ComponentDefinition build() {
            if (id == null) {
                throw new IllegalStateException("a component definition needs an id");
            }
            if (name == null) {
                throw new IllegalStateException("component " + id + " needs a name");
            }
            if (releaseStage == null) {
                throw new IllegalStateException("component " + name + " needs a release stage");
            }
            return new ComponentDefinition(
                    id,
                    name,
                    description,
                    isAgent,
                    functionCallable,
                    canUseFunctionCalling,
                    isProtected,
                    releaseStage,
                    parameters,
                    defaultToolDescription);
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
