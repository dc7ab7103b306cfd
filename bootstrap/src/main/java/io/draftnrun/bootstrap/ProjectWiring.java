package io.draftnrun.bootstrap;

import io.draftnrun.adapter.in.graphql.ProjectGraphQl;
import io.draftnrun.adapter.out.postgres.JooqComponentCatalogStore;
import io.draftnrun.adapter.out.postgres.JooqProjectRepository;
import io.draftnrun.application.component.ComponentCatalog;
import io.draftnrun.application.component.ComponentDefinitionFactory;
import io.draftnrun.application.component.ComponentQueries;
import io.draftnrun.application.component.ReleaseStagePolicy;
import io.draftnrun.application.project.CreateProject;
import io.draftnrun.application.project.DeleteProject;
import io.draftnrun.application.project.DeployGraph;
import io.draftnrun.application.project.ProjectQueries;
import io.draftnrun.application.project.PromoteVersion;
import io.draftnrun.application.project.SaveGraph;
import io.draftnrun.application.project.TemplateSettings;
import io.draftnrun.application.project.UpdateProject;
import io.draftnrun.application.project.port.GraphResources;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.llm.LlmModel;
import io.draftnrun.domain.llm.ModelCapability;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.organization.OrganizationId;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Wiring of the project slice: the catalog (from the component definition factories), the repository, the use
 * cases and the GraphQL slice. Settings: {@code TEMPLATE_ORGANIZATION_ID} (default the reference's template
 * organization), {@code EARLY_ACCESS_ORGANIZATION_IDS} and {@code INTERNAL_ORGANIZATION_IDS} (comma-separated).
 */
final class ProjectWiring {
    private ProjectWiring() {}

    /** Which organizations may use which release stages; nothing configured = every stage for everyone. */
    static ReleaseStagePolicy releaseStages(Settings settings) {
        return new ReleaseStagePolicy(
                ids(settings.string("EARLY_ACCESS_ORGANIZATION_IDS", "")),
                ids(settings.string("INTERNAL_ORGANIZATION_IDS", "")));
    }

    /** The catalog of these components (the built-in ones: the definitions of the run engine's registry). */
    static ComponentCatalog catalog(Settings settings, List<ComponentDefinition> components) {
        ReleaseStagePolicy policy = releaseStages(settings);
        List<ComponentDefinitionFactory> factories = components.stream()
                .<ComponentDefinitionFactory>map(definition -> () -> definition)
                .toList();
        return new ComponentCatalog(factories, policy);
    }

    static TemplateSettings templates(Settings settings) {
        String value = settings.string(
                "TEMPLATE_ORGANIZATION_ID", TemplateSettings.REFERENCE_TEMPLATE_ORGANIZATION.toString());
        try {
            return new TemplateSettings(OrganizationId.of(value.trim()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("TEMPLATE_ORGANIZATION_ID must be a UUID");
        }
    }

    private static Set<OrganizationId> ids(String csv) {
        try {
            return Arrays.stream(csv.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .map(OrganizationId::of)
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("EARLY_ACCESS_ORGANIZATION_IDS and INTERNAL_ORGANIZATION_IDS list UUIDs");
        }
    }

    /** The GraphQL slice; writes the catalog first (idempotent) so instances can reference it. */
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

    static ProjectGraphQl slice(
            Settings settings,
            Infrastructure infrastructure,
            List<ComponentDefinition> components,
            io.draftnrun.application.llm.port.ModelCatalog models,
            io.draftnrun.application.organization.OrganizationSecrets secrets,
            io.draftnrun.application.knowledge.SourceIndexDirectory sources) {
        ComponentCatalog catalog = catalog(settings, components);
        new JooqComponentCatalogStore(infrastructure.backend.dsl()).upsertAll(catalog.all());
        JooqProjectRepository projects = new JooqProjectRepository(infrastructure.backend.dsl());
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
        TemplateSettings templates = templates(settings);
        Clock clock = Clock.systemUTC();
        return new ProjectGraphQl(new ProjectGraphQl.UseCases(
                new ProjectQueries(projects, templates),
                new CreateProject(
                        projects,
                        new io.draftnrun.adapter.out.postgres.JooqOrganizationDirectory(infrastructure.backend.dsl()),
                        templates,
                        clock),
                new UpdateProject(projects, clock),
                new DeleteProject(projects),
                new SaveGraph(projects, catalog, resources),
                new DeployGraph(projects, catalog),
                new PromoteVersion(projects),
                new ComponentQueries(catalog, models(models)),
                catalog));
    }
}
