package io.draftnrun.domain.graph;

import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.component.ToolDescription;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A node of a graph version: a configured instance of a component.
 *
 * @param id the node id, which is also the component instance id
 * @param componentId the component type
 * @param componentName the component's catalog name (filled from the catalog; the run engine finds factories by it)
 * @param name the instance name shown in the editor and used as span name (may be empty)
 * @param ref free reference text (may be empty)
 * @param startNode receives the run's request
 * @param parameters values by parameter name, in the order given
 * @param toolDescription this instance's own tool description (else the component's default applies)
 */
public record Node(
        NodeId id,
        ComponentId componentId,
        String componentName,
        String name,
        String ref,
        boolean startNode,
        Map<String, ParameterValue> parameters,
        Optional<ToolDescription> toolDescription) {

    public Node {
        Objects.requireNonNull(id, "node id");
        Objects.requireNonNull(componentId, "component id");
        componentName = componentName == null ? "" : componentName;
        name = name == null ? "" : name;
        ref = ref == null ? "" : ref;
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        parameters.forEach((k, v) -> {
            Objects.requireNonNull(k, "parameter name");
            Objects.requireNonNull(v, "parameter value of " + k);
        });
        toolDescription = toolDescription == null ? Optional.empty() : toolDescription;
    }

    public Optional<ParameterValue> parameter(String parameterName) {
        return Optional.ofNullable(parameters.get(parameterName));
    }

    public Node withId(NodeId newId) {
        return new Node(newId, componentId, componentName, name, ref, startNode, parameters, toolDescription);
    }

    public Node withComponentName(String newComponentName) {
        return new Node(id, componentId, newComponentName, name, ref, startNode, parameters, toolDescription);
    }
}
