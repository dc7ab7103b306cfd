package io.draftnrun.application.runtime;

import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.graph.NodeId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a component instance is built from.
 *
 * @param nodeId the node (component instance) id
 * @param instanceName the node's name as shown in the editor (the reference's {@code component_instance_name})
 * @param parameters the node's values with defaults applied and secrets decrypted
 * @param children already-built instances filling each slot, by slot name, ordered by the relationship order
 * @param toolDescription the instance's own tool description, else the component's default, else an empty one named
 *     after the instance
 */
public record ComponentSpec(
        NodeId nodeId,
        String instanceName,
        ResolvedParameters parameters,
        Map<String, List<RunnableComponent>> children,
        ToolDescription toolDescription) {

    public ComponentSpec {
        Objects.requireNonNull(nodeId, "nodeId");
        instanceName = instanceName == null ? "" : instanceName;
        Objects.requireNonNull(parameters, "parameters");
        Map<String, List<RunnableComponent>> copy = new LinkedHashMap<>();
        if (children != null) {
            children.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        }
        children = java.util.Collections.unmodifiableMap(copy);
        Objects.requireNonNull(toolDescription, "toolDescription");
    }

    /** The children of a slot, in order (empty when none). */
    public List<RunnableComponent> children(String slot) {
        return children.getOrDefault(slot, List.of());
    }

    /** The function-callable children of a tool slot; a child that is not callable is a VALIDATION error. */
    public List<FunctionCallable> tools(String slot) {
        return children(slot).stream()
                .map(c -> {
                    if (c instanceof FunctionCallable f) {
                        return f;
                    }
                    throw io.draftnrun.domain.shared.DomainException.validation(
                            "'" + c.name() + "' in slot " + slot + " cannot be called as a tool");
                })
                .toList();
    }
}
