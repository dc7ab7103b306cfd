package io.draftnrun.application.component;

import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.shared.DomainException;
import java.util.List;

/** Reads of the catalog: the components an organization may use and the selectable LLM models. */
public final class ComponentQueries {
    /** The reference's static completion options (spec 3.0) until the LLM slice provides a real model catalog. */
    public static final List<LlmModel> STATIC_COMPLETION_MODELS = List.of(
            new LlmModel("openai:gpt-4.1", "GPT-4.1", "completion"),
            new LlmModel("openai:gpt-4.1-mini", "GPT-4.1 mini", "completion"),
            new LlmModel("openai:gpt-4.1-nano", "GPT-4.1 nano", "completion"),
            new LlmModel("openai:gpt-4o", "GPT-4o", "completion"),
            new LlmModel("openai:gpt-4o-mini", "GPT-4o mini", "completion"));

    private final ComponentCatalog catalog;
    private final List<LlmModel> models;

    public ComponentQueries(ComponentCatalog catalog, List<LlmModel> models) {
        this.catalog = catalog;
        this.models = List.copyOf(models);
    }

    /** Components offered to the organization; the caller needs the reader right in it. */
    public List<ComponentDefinition> catalog(Actor actor, OrganizationId organization) {
        if (actor.roleIn(organization).isEmpty() && !actor.platformAdmin()) {
            throw DomainException.notFound("organization");
        }
        actor.require(organization, Right.READER);
        return catalog.offeredTo(organization);
    }

    /** Models with the capability (all when {@code capability} is null or blank). */
    public List<LlmModel> llmModels(Actor actor, String capability) {
        return models.stream()
                .filter(m -> capability == null
                        || capability.isBlank()
                        || m.capability().equalsIgnoreCase(capability))
                .toList();
    }
}
