package io.draftnrun.bootstrap;

import io.draftnrun.adapter.in.graphql.ProjectGraphQl;
import io.draftnrun.adapter.out.postgres.JooqComponentCatalogStore;
import io.draftnrun.adapter.out.postgres.JooqProjectRepository;
import io.draftnrun.application.component.ComponentCatalog;
import io.draftnrun.application.component.ComponentDefinitionFactory;
import io.draftnrun.application.component.ComponentQueries;
import io.draftnrun.application.project.ProjectUseCases;
import io.draftnrun.application.project.port.GraphResources;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.llm.LlmModel;
import io.draftnrun.domain.llm.ModelCapability;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.organization.OrganizationId;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Wiring of the project slice: the catalog (from the component definition factories), the repository, the use
 * cases and the GraphQL slice, with the settings of {@link Configuration.Projects}.
 */
final class ProjectWiring {
    private ProjectWiring() {}

    /** The catalog of these components (the built-in ones: the definitions of the run engine's registry). */
    static ComponentCatalog catalog(Configuration.Projects settings, List<ComponentDefinition> components) {
        List<ComponentDefinitionFactory> factories = components.stream()
                .<ComponentDefinitionFactory>map(definition -> () -> definition)
                .toList();
        return new ComponentCatalog(factories, settings.releaseStages());
    }

    /** The selectable models of the editor: built-in providers and custom_models.json, one row per capability. */
    static List<io.draftnrun.application.component.LlmModel> models(
            io.draftnrun.application.llm.port.ModelCatalog catalog) {
        return catalog.models().stream()
                .flatMap(model -> model.capabilities().stream()
                        .map(capability -> new io.draftnrun.application.component.LlmModel(
                                model.reference().toString(),
                                model.displayName(),
                                capability.name().toLowerCase(java.util.Locale.ROOT))))
                .toList();
    }

    /** The GraphQL slice; writes the catalog first (idempotent) so instances can reference it. */
    static ProjectGraphQl slice(
            Configuration.Projects settings,
            Infrastructure infrastructure,
            List<ComponentDefinition> components,
            io.draftnrun.application.llm.port.ModelCatalog models,
            io.draftnrun.application.organization.OrganizationSecrets secrets,
            io.draftnrun.application.knowledge.SourceIndexDirectory sources) {
        ComponentCatalog catalog = catalog(settings, components);
        new JooqComponentCatalogStore(infrastructure.backend().dsl()).upsertAll(catalog.all());
        JooqProjectRepository projects =
                new JooqProjectRepository(infrastructure.backend().dsl());
        // what a saved graph may refer to: the server's models, the organization's secret names and sources
        GraphResources resources = new GraphResources() {
            @Override
            public Optional<Set<ModelCapability>> modelCapabilities(ModelReference model) {
                return models.find(model).map(LlmModel::capabilities);
            }

            @Override
            public Set<String> secretNames(OrganizationId organization) {
                return secrets.names(organization);
            }

            @Override
            public boolean sourceExists(OrganizationId organization, UUID source) {
                return sources.find(organization, source).isPresent();
            }
        };
        ProjectUseCases projectUseCases = ProjectUseCases.create(
                new ProjectUseCases.Ports(
                        projects,
                        new io.draftnrun.adapter.out.postgres.JooqOrganizationDirectory(
                                infrastructure.backend().dsl()),
                        resources),
                catalog,
                settings.templates(),
                Clock.systemUTC());
        return new ProjectGraphQl(new ProjectGraphQl.UseCases(
                projectUseCases.queries(),
                projectUseCases.createProject(),
                projectUseCases.updateProject(),
                projectUseCases.deleteProject(),
                projectUseCases.saveGraph(),
                projectUseCases.deployGraph(),
                projectUseCases.promoteVersion(),
                new ComponentQueries(catalog, models(models)),
                catalog));
    }
}
