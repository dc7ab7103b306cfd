package io.draftnrun.adapter.in.graphql;

import io.draftnrun.application.component.LlmModel;
import io.draftnrun.application.project.GraphDetails;
import io.draftnrun.application.project.ProjectDetails;
import io.draftnrun.application.project.Template;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ParameterDefinition;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.graph.Node;
import io.draftnrun.domain.graph.ParameterValue;
import io.draftnrun.domain.project.BoundVersion;
import io.draftnrun.domain.project.Project;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The project slice's views: one record per schema type, its components named as the type's fields (graphql-java's
 * default fetcher reads them), checked against the schema at start by {@link ViewCoverage}.
 */
final class ProjectViews {
    private ProjectViews() {}

    /** The schema types these records serve. */
    static final Map<String, Class<? extends Record>> TYPES = Map.ofEntries(
            Map.entry("Component", ComponentView.class),
            Map.entry("ParameterDefinition", ParameterDefinitionView.class),
            Map.entry("ToolDescription", ToolDescriptionView.class),
            Map.entry("LlmModel", LlmModelView.class),
            Map.entry("ProjectConnection", Fetchers.Connection.class),
            Map.entry("ProjectEdge", Fetchers.Edge.class),
            Map.entry("PageInfo", Fetchers.PageInfo.class),
            Map.entry("Project", ProjectView.class),
            Map.entry("GraphVersionInfo", GraphVersionInfoView.class),
            Map.entry("Graph", GraphView.class),
            Map.entry("Node", NodeView.class),
            Map.entry("NodeParameter", NodeParameterView.class),
            Map.entry("Relationship", RelationshipView.class),
            Map.entry("Edge", EdgeView.class),
            Map.entry("Template", TemplateView.class),
            Map.entry("DeployPayload", DeployPayloadView.class));

    /** {@code Project}; lists of projects do not load versions (draft and history null): use {@code project(id)}. */
    record ProjectView(
            String id,
            String organizationId,
            String name,
            String description,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt,
            GraphVersionInfoView draft,
            GraphVersionInfoView production,
            List<GraphVersionInfoView> history) {
        static ProjectView of(Project p) {
            return new ProjectView(
                    p.id().toString(),
                    p.organizationId().toString(),
                    p.name(),
                    p.description(),
                    Fetchers.time(p.createdAt()),
                    Fetchers.time(p.updatedAt()),
                    null,
                    null,
                    null);
        }

        static ProjectView of(ProjectDetails details) {
            Project p = details.project();
            var versions = details.versions();
            Function<BoundVersion, GraphVersionInfoView> info = v -> GraphVersionInfoView.of(p, v);
            return new ProjectView(
                    p.id().toString(),
                    p.organizationId().toString(),
                    p.name(),
                    p.description(),
                    Fetchers.time(p.createdAt()),
                    Fetchers.time(p.updatedAt()),
                    info.apply(versions.find(versions.draft()).orElseThrow()),
                    versions.production().flatMap(versions::find).map(info).orElse(null),
                    versions.history().stream().map(info).toList());
        }
    }

    /**
     * {@code GraphVersionInfo}; {@code graph} is fetched through a DataLoader from {@code projectId} (not a schema
     * field) and {@code id}, so listing N versions reads their graphs in one batch.
     */
    record GraphVersionInfoView(
            String id, String projectId, String binding, OffsetDateTime createdAt, OffsetDateTime deployedAt) {
        static GraphVersionInfoView of(Project project, BoundVersion v) {
            return new GraphVersionInfoView(
                    v.graphVersionId().toString(),
                    project.id().toString(),
                    v.binding().name(),
                    Fetchers.time(v.createdAt()),
                    Fetchers.time(v.deployedAt()));
        }
    }

    /** {@code Graph}. */
    record GraphView(
            String id,
            String projectId,
            String binding,
            long version,
            List<NodeView> nodes,
            List<RelationshipView> relationships,
            List<EdgeView> edges) {
        static GraphView of(GraphDetails details, Function<Node, NodeView> node) {
            return new GraphView(
                    details.graph().id().toString(),
                    details.projectId().toString(),
                    details.binding().name(),
                    details.graph().revision(),
                    details.graph().nodes().stream().map(node).toList(),
                    details.graph().relationships().stream()
                            .map(r -> new RelationshipView(
                                    r.parent().toString(),
                                    r.child().toString(),
                                    r.slot(),
                                    r.order().orElse(null)))
                            .toList(),
                    details.graph().edges().stream()
                            .map(e -> new EdgeView(
                                    e.id().toString(),
                                    e.source().toString(),
                                    e.target().toString(),
                                    e.order()))
                            .toList());
        }
    }

    /** {@code Relationship}. */
    record RelationshipView(String parentId, String childId, String slot, Integer order) {}

    /** {@code Edge} (a data edge of a graph, not a connection's edge). */
    record EdgeView(String id, String sourceId, String targetId, int order) {}

    /** {@code Node}: the parameters listed in the definition's order, then any the definition does not know. */
    record NodeView(
            String id,
            String componentId,
            String componentName,
            String name,
            String ref,
            boolean isStartNode,
            List<NodeParameterView> parameters,
            ToolDescriptionView toolDescription,
            ComponentView component) {
        static NodeView of(Node n, Optional<ComponentDefinition> definition) {
            List<NodeParameterView> parameters = new ArrayList<>();
            List<String> names = new ArrayList<>();
            definition.ifPresent(d -> d.valueParameters().forEach(p -> names.add(p.name())));
            n.parameters().keySet().stream().filter(k -> !names.contains(k)).forEach(names::add);
            for (String name : names) {
                ParameterDefinitionView def = definition
                        .flatMap(d -> d.parameter(name))
                        .map(ParameterDefinitionView::of)
                        .orElse(null);
                ParameterValue value = n.parameters().get(name);
                if (value instanceof ParameterValue.OrderedList list) {
                    for (int i = 0; i < list.items().size(); i++) {
                        parameters.add(NodeParameterView.of(name, list.items().get(i), i, def));
                    }
                } else {
                    parameters.add(NodeParameterView.of(name, value, null, def));
                }
            }
            return new NodeView(
                    n.id().toString(),
                    n.componentId().toString(),
                    definition.map(ComponentDefinition::name).orElse(n.componentName()),
                    n.name(),
                    n.ref(),
                    n.startNode(),
                    parameters,
                    n.toolDescription().map(ToolDescriptionView::of).orElse(null),
                    definition.map(ComponentView::of).orElse(null));
        }
    }

    /** {@code NodeParameter}: a value or a secret reference; {@code order} for an item of an ordered list. */
    record NodeParameterView(
            String name, Object value, String secretKey, Integer order, ParameterDefinitionView definition) {
        static NodeParameterView of(String name, ParameterValue value, Integer order, ParameterDefinitionView def) {
            return new NodeParameterView(
                    name,
                    value instanceof ParameterValue.Literal l ? l.json() : null,
                    value instanceof ParameterValue.SecretReference s ? s.secretKey() : null,
                    order,
                    def);
        }
    }

    /** {@code ToolDescription}. */
    record ToolDescriptionView(
            String name, String description, Map<String, Object> properties, List<String> requiredProperties) {
        static ToolDescriptionView of(ToolDescription t) {
            return new ToolDescriptionView(t.name(), t.description(), t.properties(), t.requiredProperties());
        }
    }

    /** {@code Component}: a catalog entry. */
    record ComponentView(
            String id,
            String name,
            String description,
            boolean isAgent,
            boolean functionCallable,
            boolean canUseFunctionCalling,
            boolean isProtected,
            String releaseStage,
            String toolParameterName,
            ToolDescriptionView defaultToolDescription,
            List<ParameterDefinitionView> parameters) {
        static ComponentView of(ComponentDefinition d) {
            return new ComponentView(
                    d.id().toString(),
                    d.name(),
                    d.description(),
                    d.isAgent(),
                    d.functionCallable(),
                    d.canUseFunctionCalling(),
                    d.isProtected(),
                    d.releaseStage().wireName(),
                    d.toolParameterName().orElse(null),
                    d.defaultToolDescription().map(ToolDescriptionView::of).orElse(null),
                    d.parameters().stream().map(ParameterDefinitionView::of).toList());
        }
    }

    /**
     * {@code ParameterDefinition}; the schema field {@code default} is a Java keyword, so it is served from
     * {@code defaultValue} by a wired fetcher.
     */
    record ParameterDefinitionView(
            String name,
            String type,
            boolean nullable,
            Object defaultValue,
            Integer order,
            String uiComponent,
            Map<String, Object> uiComponentProperties,
            boolean isAdvanced,
            List<String> allowedComponentIds,
            List<String> modelCapabilities,
            boolean acceptsSecretPlaceholders) {
        static ParameterDefinitionView of(ParameterDefinition p) {
            return new ParameterDefinitionView(
                    p.name(),
                    p.type().wireName(),
                    p.nullable(),
                    p.defaultValue().orElse(null),
                    p.order().orElse(null),
                    p.uiComponent().map(u -> u.wireName()).orElse(null),
                    p.uiProperties(),
                    p.advanced(),
                    p.allowedChildren().stream().map(Object::toString).toList(),
                    p.modelCapabilities().stream()
                            .map(c -> c.name().toLowerCase(Locale.ROOT))
                            .sorted()
                            .toList(),
                    p.secretPlaceholders());
        }
    }

    /** {@code LlmModel}. */
    record LlmModelView(String reference, String label, String capability) {
        static LlmModelView of(LlmModel m) {
            return new LlmModelView(m.reference(), m.label(), m.capability());
        }
    }

    /** {@code Template}: a deployed project of the template organization. */
    record TemplateView(String projectId, String name, String description, String productionGraphId) {
        static TemplateView of(Template t) {
            return new TemplateView(
                    t.project().id().toString(),
                    t.project().name(),
                    t.project().description(),
                    t.productionGraph().toString());
        }
    }

    /** {@code DeployPayload}. */
    record DeployPayloadView(ProjectView project, GraphView production, GraphView draft, String previousProductionId) {}
}
