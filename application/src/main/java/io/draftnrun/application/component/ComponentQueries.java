package io.draftnrun.application.component;

import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Right;
import java.util.List;

/** Reads of the catalog: the components an organization may use and the selectable LLM models. */
public final class ComponentQueries {
    private final ComponentCatalog catalog;
    private final List<LlmModel> models;

    public ComponentQueries(ComponentCatalog catalog, List<LlmModel> models) {
        this.catalog = catalog;
        this.models = List.copyOf(models);
    }

    /** Components offered to the organization; the caller needs the reader right in it. */
    public List<ComponentDefinition> catalog(Actor actor, OrganizationId organization) {
        actor.require(organization, Right.READER);
        return catalog.offeredTo(organization);
    }

    /** Models with the capability (all, each once, when {@code capability} is null or blank). */
    public List<LlmModel> llmModels(Actor actor, String capability) {
        if (capability == null || capability.isBlank()) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            return models.stream().filter(m -> seen.add(m.reference())).toList();
        }
        return models.stream()
                .filter(m -> m.capability().equalsIgnoreCase(capability))
                .toList();
    }
}
