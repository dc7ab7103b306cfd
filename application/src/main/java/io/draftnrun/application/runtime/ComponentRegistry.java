package io.draftnrun.application.runtime;

import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ComponentDefinitions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The component behaviours of this server, by catalog name; also the catalog of their definitions. */
public final class ComponentRegistry {
    private final Map<String, ComponentBehaviour> byName = new LinkedHashMap<>();

    public ComponentRegistry(List<? extends ComponentBehaviour> behaviours) {
        for (ComponentBehaviour b : behaviours) {
            if (byName.putIfAbsent(b.name(), b) != null) {
                throw new IllegalArgumentException("two component behaviours are named " + b.name());
            }
        }
    }

    public Optional<ComponentBehaviour> find(String componentName) {
        return Optional.ofNullable(byName.get(componentName));
    }

    public List<ComponentDefinition> definitions() {
        return byName.values().stream().map(ComponentBehaviour::definition).toList();
    }

    /** The definitions by id, for graph validation. */
    public ComponentDefinitions catalog() {
        return ComponentDefinitions.of(definitions());
    }
}
