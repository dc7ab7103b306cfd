package io.draftnrun.domain.component;

import io.draftnrun.domain.llm.ModelCapability;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A parameter a component accepts.
 *
 * @param name the parameter name, unique within its component
 * @param type its type; slots ({@code COMPONENT}, {@code TOOL}) are filled by child nodes
 * @param defaultValue the default as a JSON value (empty when none)
 * @param nullable whether it may be left without value; a non-nullable parameter without default is required
 * @param order display order in the editor (empty = unordered)
 * @param uiComponent the editor widget (empty = not shown)
 * @param uiProperties the widget's properties: label, placeholder, options, min, max... (free JSON object)
 * @param advanced shown under "advanced" in the editor
 * @param allowedChildren for a {@code COMPONENT} slot, the component types that may fill it (a {@code TOOL} slot
 *     accepts any function-callable component)
 * @param modelCapabilities for an {@code LLM_MODEL} parameter, what the chosen model must be able to do (completion
 *     when not said); empty for other types
 * @param httpUrl the value is an absolute {@code http} or {@code https} URL (checked when the graph is saved)
 * @param secretPlaceholders text values may hold {@code {{secret:name}}} placeholders, replaced by the organization
 *     secret of that name when a run builds the component (never stored, returned or traced)
 */
public record ParameterDefinition(
        String name,
        ParameterType type,
        Optional<Object> defaultValue,
        boolean nullable,
        Optional<Integer> order,
        Optional<UiComponent> uiComponent,
        Map<String, Object> uiProperties,
        boolean advanced,
        List<ComponentId> allowedChildren,
        Set<ModelCapability> modelCapabilities,
        boolean httpUrl,
        boolean secretPlaceholders) {

    public ParameterDefinition {
        Objects.requireNonNull(name, "parameter name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a parameter needs a name");
        }
        Objects.requireNonNull(type, "parameter type");
        defaultValue = defaultValue == null ? Optional.empty() : defaultValue.map(JsonValues::copy);
        order = order == null ? Optional.empty() : order;
        uiComponent = uiComponent == null ? Optional.empty() : uiComponent;
        uiProperties = uiProperties == null ? Map.of() : JsonValues.copyObject(uiProperties);
        allowedChildren = allowedChildren == null ? List.of() : List.copyOf(allowedChildren);
        if (!allowedChildren.isEmpty() && type != ParameterType.COMPONENT) {
            throw new IllegalArgumentException("only a component slot lists allowed children: " + name);
        }
        if (type == ParameterType.LLM_MODEL) {
            modelCapabilities = modelCapabilities == null || modelCapabilities.isEmpty()
                    ? Set.of(ModelCapability.COMPLETION)
                    : java.util.Collections.unmodifiableSet(EnumSet.copyOf(modelCapabilities));
        } else if (modelCapabilities != null && !modelCapabilities.isEmpty()) {
            throw new IllegalArgumentException("only a model parameter needs model capabilities: " + name);
        } else {
            modelCapabilities = Set.of();
        }
        if ((httpUrl || secretPlaceholders) && type.isSlot()) {
            throw new IllegalArgumentException("a slot holds no URL nor placeholders: " + name);
        }
    }

    /** Starts a definition with the given name and type; nullable, no default, no UI. */
    public static Builder builder(String name, ParameterType type) {
        return new Builder(name, type);
    }

    /** A value must be given: not nullable, no default, not a slot, not filled automatically (LLM API key). */
    public boolean requiresValue() {
        return !nullable && defaultValue.isEmpty() && !type.isSlot() && type != ParameterType.LLM_API_KEY;
    }

    /** A component slot that must be filled by one child at least. */
    public boolean requiresChild() {
        return type == ParameterType.COMPONENT && !nullable;
    }

    /** Fluent construction for component definition factories. */
    public static final class Builder {
        private final String name;
        private final ParameterType type;
        private Object defaultValue;
        private boolean nullable = true;
        private Integer order;
        private UiComponent uiComponent;
        private Map<String, Object> uiProperties = Map.of();
        private boolean advanced;
        private List<ComponentId> allowedChildren = List.of();
        private Set<ModelCapability> modelCapabilities = Set.of();
        private boolean httpUrl;
        private boolean secretPlaceholders;

        private Builder(String name, ParameterType type) {
            this.name = name;
            this.type = type;
        }

        public Builder defaultValue(Object value) {
            this.defaultValue = value;
            return this;
        }

        public Builder required() {
            this.nullable = false;
            return this;
        }

        public Builder nullable(boolean nullable) {
            this.nullable = nullable;
            return this;
        }

        public Builder order(int order) {
            this.order = order;
            return this;
        }

        public Builder ui(UiComponent component, Map<String, Object> properties) {
            this.uiComponent = component;
            this.uiProperties = properties;
            return this;
        }

        public Builder advanced() {
            this.advanced = true;
            return this;
        }

        public Builder allowedChildren(List<ComponentId> children) {
            this.allowedChildren = children;
            return this;
        }

        /** The chosen model must have all these capabilities (an {@code LLM_MODEL} parameter). */
        public Builder needsModel(ModelCapability... capabilities) {
            this.modelCapabilities = Set.of(capabilities);
            return this;
        }

        /** The value is an absolute http(s) URL. */
        public Builder httpUrl() {
            this.httpUrl = true;
            return this;
        }

        /** Text values may reference organization secrets as {@code {{secret:name}}}. */
        public Builder secretPlaceholders() {
            this.secretPlaceholders = true;
            return this;
        }

        public ParameterDefinition build() {
            return new ParameterDefinition(
                    name,
                    type,
                    Optional.ofNullable(defaultValue),
                    nullable,
                    Optional.ofNullable(order),
                    Optional.ofNullable(uiComponent),
                    uiProperties,
                    advanced,
                    allowedChildren,
                    modelCapabilities,
                    httpUrl,
                    secretPlaceholders);
        }
    }
}
