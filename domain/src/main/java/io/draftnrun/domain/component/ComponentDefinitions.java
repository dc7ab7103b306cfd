package io.draftnrun.domain.component;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Looks up component definitions by id; what graph validation needs of the catalog. */
@FunctionalInterface
public interface ComponentDefinitions {
    Optional<ComponentDefinition> find(ComponentId id);

    static ComponentDefinitions of(Collection<ComponentDefinition> definitions) {
        Map<ComponentId, ComponentDefinition> byId = definitions.stream()
                .collect(Collectors.toUnmodifiableMap(ComponentDefinition::id, Function.identity()));
        return id -> Optional.ofNullable(byId.get(id));
    }
}
