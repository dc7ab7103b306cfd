package io.draftnrun.application.component;

import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ComponentDefinitions;
import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.organization.OrganizationId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every component the code provides, built once at startup from the definition factories. Ids and names are unique.
 */
public final class ComponentCatalog implements ComponentDefinitions {
    private final Map<ComponentId, ComponentDefinition> byId = new LinkedHashMap<>();
    private final Map<String, ComponentDefinition> byName = new LinkedHashMap<>();
    private final ReleaseStagePolicy policy;

    public ComponentCatalog(Collection<? extends ComponentDefinitionFactory> factories, ReleaseStagePolicy policy) {
        this.policy = policy;
        for (ComponentDefinitionFactory factory : factories) {
            ComponentDefinition definition = factory.definition();
            if (byId.putIfAbsent(definition.id(), definition) != null) {
                throw new IllegalArgumentException("two components share the id " + definition.id());
            }
            if (byName.putIfAbsent(definition.name(), definition) != null) {
                throw new IllegalArgumentException("two components share the name " + definition.name());
            }
        }
    }

    @Override
    public Optional<ComponentDefinition> find(ComponentId id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<ComponentDefinition> all() {
        return List.copyOf(byId.values());
    }

    /** Why the organization may not use the component (its release stage), empty when it may. */
    public Optional<String> refusal(ComponentDefinition definition, OrganizationId organization) {
        return policy.refusal(definition.releaseStage(), organization);
    }

    /** Which organizations may use which release stages. */
    public ReleaseStagePolicy policy() {
        return policy;
    }

    /** The components offered to an organization (release stages filtered by the policy). */
    public List<ComponentDefinition> offeredTo(OrganizationId organization) {
        return byId.values().stream()
                .filter(d -> policy.offers(d.releaseStage(), organization))
                .toList();
    }
}
