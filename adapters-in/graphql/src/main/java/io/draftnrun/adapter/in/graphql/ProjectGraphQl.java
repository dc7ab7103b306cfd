package io.draftnrun.adapter.in.graphql;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.draftnrun.application.component.ComponentCatalog;
import io.draftnrun.application.component.ComponentQueries;
import io.draftnrun.application.project.CreateProject;
import io.draftnrun.application.project.DeleteProject;
import io.draftnrun.application.project.DeployGraph;
import io.draftnrun.application.project.GraphDetails;
import io.draftnrun.application.project.ProjectDetails;
import io.draftnrun.application.project.ProjectPage;
import io.draftnrun.application.project.ProjectQueries;
import io.draftnrun.application.project.PromoteVersion;
import io.draftnrun.application.project.SaveGraph;
import io.draftnrun.application.project.UpdateProject;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.component.ParameterDefinition;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.graph.Edge;
import io.draftnrun.domain.graph.EdgeId;
import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.graph.Node;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.graph.ParameterValue;
import io.draftnrun.domain.graph.Relationship;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.project.BoundVersion;
import io.draftnrun.domain.project.Project;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.shared.InvalidInput;
import io.draftnrun.domain.shared.Violation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The project slice: projects, graph versions (draft, production, history), saving and deploying graphs, templates,
 * the component catalog and the LLM model list. Views are maps shaped like the schema types.
 */
public final class ProjectGraphQl implements GraphQlSlice {
    /** The use cases this slice calls. */
    public record UseCases(
            ProjectQueries queries,
            CreateProject createProject,
            UpdateProject updateProject,
            DeleteProject deleteProject,
            SaveGraph saveGraph,
            DeployGraph deployGraph,
            PromoteVersion promoteVersion,
            ComponentQueries components,
            ComponentCatalog catalog) {}

    private final UseCases uc;

    public ProjectGraphQl(UseCases useCases) {
        this.uc = useCases;
    }

    @Override
    public List<String> schemaResources() {
        return List.of("graphql/project.graphqls");
    }

    @Override
    public void register(RuntimeWiring.Builder wiring) {
        wiring.type(
                "Query",
                b -> b.dataFetcher(
                                "componentCatalog",
                                env -> uc
                                        .components()
                                        .catalog(
                                                Fetchers.actor(env),
                                                new OrganizationId(Fetchers.uuid(env, "organizationId")))
                                        .stream()
                                        .map(ProjectGraphQl::component)
                                        .toList())
                        .dataFetcher(
                                "llmModels",
                                env ->
                                        uc
                                                .components()
                                                .llmModels(Fetchers.actor(env), env.getArgument("capability"))
                                                .stream()
                                                .map(m -> Map.of(
                                                        "reference",
                                                        m.reference(),
                                                        "label",
                                                        m.label(),
                                                        "capability",
                                                        m.capability()))
                                                .toList())
                        .dataFetcher("projects", env -> {
                            ProjectPage page = uc.queries()
                                    .projects(
                                            Fetchers.actor(env),
                                            new OrganizationId(Fetchers.uuid(env, "organizationId")),
                                            Optional.ofNullable(env.getArgument("search")),
                                            Fetchers.first(env),
                                            Fetchers.after(env));
                            return Fetchers.Connection.of(
                                    page.entries(),
                                    e -> new Fetchers.Edge<>(e.cursor(), projectOnly(e.project())),
                                    page.hasNextPage());
                        })
                        .dataFetcher(
                                "project",
                                env -> project(uc.queries()
                                        .project(Fetchers.actor(env), new ProjectId(Fetchers.uuid(env, "id")))))
                        .dataFetcher(
                                "graph",
                                env -> graph(uc.queries()
                                        .graph(Fetchers.actor(env), new GraphVersionId(Fetchers.uuid(env, "id")))))
                        .dataFetcher(
                                "templates",
                                env -> uc.queries().templates(Fetchers.actor(env)).stream()
                                        .map(t -> Map.of(
                                                "projectId", t.project().id().toString(),
                                                "name", t.project().name(),
                                                "description", t.project().description(),
                                                "productionGraphId",
                                                        t.productionGraph().toString()))
                                        .toList()));
        wiring.type(
                "Mutation",
                b -> b.dataFetcher("createProject", env -> {
                            Map<String, Object> in = env.getArgument("input");
                            return project(uc.createProject()
                                    .handle(
                                            Fetchers.actor(env),
                                            new CreateProject.Command(
                                                    new OrganizationId(
                                                            Ids.uuid(in.get("organizationId"), "input.organizationId")),
                                                    (String) in.get("name"),
                                                    (String) in.get("description"),
                                                    Ids.optional(in.get("fromTemplate"), "input.fromTemplate")
                                                            .map(ProjectId::new))));
                        })
                        .dataFetcher("updateProject", env -> {
                            Map<String, Object> in = env.getArgument("input");
                            Actor actor = Fetchers.actor(env);
                            Project updated = uc.updateProject()
                                    .handle(
                                            actor,
                                            new UpdateProject.Command(
                                                    new ProjectId(Ids.uuid(in.get("id"), "input.id")),
                                                    Optional.ofNullable((String) in.get("name")),
                                                    Optional.ofNullable((String) in.get("description"))));
                            return project(uc.queries().project(actor, updated.id()));
                        })
                        .dataFetcher(
                                "deleteProject",
                                env -> uc.deleteProject()
                                        .handle(
                                                Fetchers.actor(env),
                                                new DeleteProject.Command(new ProjectId(Fetchers.uuid(env, "id"))))
                                        .toString())
                        .dataFetcher(
                                "saveGraph", env -> graph(uc.saveGraph().handle(Fetchers.actor(env), saveCommand(env))))
                        .dataFetcher("deployGraph", env -> {
                            Actor actor = Fetchers.actor(env);
                            DeployGraph.Result result = uc.deployGraph()
                                    .handle(
                                            actor,
                                            new DeployGraph.Command(new ProjectId(Fetchers.uuid(env, "projectId"))));
                            Map<String, Object> payload = new HashMap<>();
                            payload.put("project", project(uc.queries().project(actor, result.project())));
                            payload.put("production", graph(uc.queries().graph(actor, result.production())));
                            payload.put("draft", graph(uc.queries().graph(actor, result.draft())));
                            payload.put(
                                    "previousProductionId",
                                    result.previousProduction()
                                            .map(Object::toString)
                                            .orElse(null));
                            return payload;
                        })
                        .dataFetcher(
                                "promoteVersion",
                                env -> project(uc.promoteVersion()
                                        .handle(
                                                Fetchers.actor(env),
                                                new PromoteVersion.Command(
                                                        new GraphVersionId(Fetchers.uuid(env, "versionId")))))));
        wiring.type(
                "GraphVersionInfo",
                b -> b.dataFetcher("graph", env -> {
                    Map<String, Object> source = env.getSource();
                    return graph(uc.queries().graph(Fetchers.actor(env), new GraphVersionId(UUID.fromString((String)
                            source.get("id")))));
                }));
    }

    // ---- input -------------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static SaveGraph.Command saveCommand(DataFetchingEnvironment env) {
        Map<String, Object> in = env.getArgument("graph");
        List<Violation> violations = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        Map<NodeId, java.util.Set<String>> nulled = new LinkedHashMap<>();
        List<Map<String, Object>> nodeInputs = (List<Map<String, Object>>) in.get("nodes");
        for (int i = 0; i < nodeInputs.size(); i++) {
            try {
                Node node = node(nodeInputs.get(i));
                nodes.add(node);
                java.util.Set<String> nulls = nullParameters(nodeInputs.get(i));
                if (!nulls.isEmpty()) {
                    nulled.put(node.id(), nulls);
                }
            } catch (IllegalArgumentException e) {
                violations.add(new Violation("nodes[" + i + "]", "WRONG_TYPE: " + e.getMessage()));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInput("the graph is invalid", violations);
        }
        List<Relationship> relationships = listOf(in.get("relationships")).stream()
                .map(r -> new Relationship(
                        new NodeId(Ids.uuid(r.get("parentId"), "graph.relationships.parentId")),
                        new NodeId(Ids.uuid(r.get("childId"), "graph.relationships.childId")),
                        (String) r.get("slot"),
                        Optional.ofNullable((Integer) r.get("order"))))
                .toList();
        List<Edge> edges = listOf(in.get("edges")).stream()
                .map(e -> new Edge(
                        new EdgeId(Ids.uuid(e.get("id"), "graph.edges.id")),
                        new NodeId(Ids.uuid(e.get("sourceId"), "graph.edges.sourceId")),
                        new NodeId(Ids.uuid(e.get("targetId"), "graph.edges.targetId")),
                        e.get("order") == null ? 0 : (Integer) e.get("order")))
                .toList();
        Object expected = env.getArgument("expectedVersion");
        return new SaveGraph.Command(
                new ProjectId(Fetchers.uuid(env, "projectId")),
                Ids.optional(in.get("id"), "graph.id").map(GraphVersionId::new),
                nodes,
                relationships,
                edges,
                ((Number) expected).longValue(),
                nulled);
    }

    /** The parameters a node input lists without a value nor a secret (null: left out, refused when required). */
    private static java.util.Set<String> nullParameters(Map<String, Object> node) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (Map<String, Object> p : listOf(node.get("parameters"))) {
            if (p.get("order") == null && p.get("value") == null && p.get("secretKey") == null) {
                names.add((String) p.get("name"));
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listOf(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    private static Node node(Map<String, Object> in) {
        Map<String, ParameterValue> single = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> ordered = new LinkedHashMap<>();
        for (Map<String, Object> p : listOf(in.get("parameters"))) {
            String name = (String) p.get("name");
            if (p.get("order") != null) {
                ordered.computeIfAbsent(name, k -> new ArrayList<>()).add(p);
                single.putIfAbsent(name, null);
            } else {
                ParameterValue value = parameterValue(p);
                if (value != null) {
                    single.put(name, value);
                }
            }
        }
        Map<String, ParameterValue> parameters = new LinkedHashMap<>();
        single.forEach((name, value) -> {
            if (ordered.containsKey(name)) {
                List<ParameterValue> items = ordered.get(name).stream()
                        .sorted(Comparator.comparing(p -> (Integer) p.get("order")))
                        .map(ProjectGraphQl::parameterValue)
                        .filter(java.util.Objects::nonNull)
                        .toList();
                parameters.put(name, new ParameterValue.OrderedList(items));
            } else if (value != null) {
                parameters.put(name, value);
            }
        });
        Optional<ToolDescription> tool = Optional.ofNullable((Map<String, Object>) in.get("toolDescription"))
                .map(t -> {
                    if (t.get("properties") != null && !(t.get("properties") instanceof Map<?, ?>)) {
                        throw new IllegalArgumentException(
                                "toolDescription.properties must be a JSON object of JSON schemas by argument name");
                    }
                    return t;
                })
                .map(t -> new ToolDescription(
                        (String) t.get("name"),
                        (String) t.get("description"),
                        (Map<String, Object>) t.get("properties"),
                        (List<String>) t.get("requiredProperties")));
        return new Node(
                new NodeId(Ids.uuid(in.get("id"), "graph.nodes.id")),
                new ComponentId(Ids.uuid(in.get("componentId"), "graph.nodes.componentId")),
                "",
                (String) in.get("name"),
                (String) in.get("ref"),
                Boolean.TRUE.equals(in.get("isStartNode")),
                parameters,
                tool);
    }

    /** A value, a secret reference, or null (no value: the parameter is left out, as the reference does). */
    private static ParameterValue parameterValue(Map<String, Object> p) {
        if (p.get("secretKey") != null) {
            return ParameterValue.secret((String) p.get("secretKey"));
        }
        return p.get("value") == null ? null : ParameterValue.literal(p.get("value"));
    }

    // ---- views -------------------------------------------------------------------------------------------------

    private static Map<String, Object> projectOnly(Project p) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", p.id().toString());
        m.put("organizationId", p.organizationId().toString());
        m.put("name", p.name());
        m.put("description", p.description());
        m.put("createdAt", Fetchers.time(p.createdAt()));
        m.put("updatedAt", Fetchers.time(p.updatedAt()));
        return m;
    }

    private Map<String, Object> project(ProjectDetails details) {
        Map<String, Object> m = projectOnly(details.project());
        var versions = details.versions();
        m.put("draft", versionInfo(versions.find(versions.draft()).orElseThrow()));
        m.put(
                "production",
                versions.production()
                        .flatMap(versions::find)
                        .map(ProjectGraphQl::versionInfo)
                        .orElse(null));
        m.put(
                "history",
                versions.history().stream().map(ProjectGraphQl::versionInfo).toList());
        return m;
    }

    /** Lists of projects do not load versions; their fields resolve through {@code project(id)}. */
    private static Map<String, Object> versionInfo(BoundVersion v) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", v.graphVersionId().toString());
        m.put("binding", v.binding().name());
        m.put("createdAt", Fetchers.time(v.createdAt()));
        m.put("deployedAt", v.deployedAt().map(Fetchers::time).orElse(null));
        return m;
    }

    private Map<String, Object> graph(GraphDetails details) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", details.graph().id().toString());
        m.put("projectId", details.projectId().toString());
        m.put("binding", details.binding().name());
        m.put("version", details.graph().revision());
        m.put("nodes", details.graph().nodes().stream().map(this::node).toList());
        m.put(
                "relationships",
                details.graph().relationships().stream()
                        .map(r -> {
                            Map<String, Object> rm = new HashMap<>();
                            rm.put("parentId", r.parent().toString());
                            rm.put("childId", r.child().toString());
                            rm.put("slot", r.slot());
                            rm.put("order", r.order().orElse(null));
                            return rm;
                        })
                        .toList());
        m.put(
                "edges",
                details.graph().edges().stream()
                        .map(e -> Map.of(
                                "id", e.id().toString(),
                                "sourceId", e.source().toString(),
                                "targetId", e.target().toString(),
                                "order", e.order()))
                        .toList());
        return m;
    }

    private Map<String, Object> node(Node n) {
        Optional<ComponentDefinition> definition = uc.catalog().find(n.componentId());
        Map<String, Object> m = new HashMap<>();
        m.put("id", n.id().toString());
        m.put("componentId", n.componentId().toString());
        m.put("componentName", definition.map(ComponentDefinition::name).orElse(n.componentName()));
        m.put("name", n.name());
        m.put("ref", n.ref());
        m.put("isStartNode", n.startNode());
        m.put("toolDescription", n.toolDescription().map(ProjectGraphQl::tool).orElse(null));
        m.put("component", definition.map(ProjectGraphQl::component).orElse(null));
        List<Map<String, Object>> parameters = new ArrayList<>();
        List<String> names = new ArrayList<>();
        definition.ifPresent(d -> d.valueParameters().forEach(p -> names.add(p.name())));
        n.parameters().keySet().stream().filter(k -> !names.contains(k)).forEach(names::add);
        for (String name : names) {
            Map<String, Object> def = definition
                    .flatMap(d -> d.parameter(name))
                    .map(ProjectGraphQl::parameterDefinition)
                    .orElse(null);
            ParameterValue value = n.parameters().get(name);
            if (value instanceof ParameterValue.OrderedList list) {
                for (int i = 0; i < list.items().size(); i++) {
                    parameters.add(nodeParameter(name, list.items().get(i), i, def));
                }
            } else {
                parameters.add(nodeParameter(name, value, null, def));
            }
        }
        m.put("parameters", parameters);
        return m;
    }

    private static Map<String, Object> nodeParameter(
            String name, ParameterValue value, Integer order, Map<String, Object> definition) {
        Map<String, Object> m = new HashMap<>();
        m.put("name", name);
        m.put("value", value instanceof ParameterValue.Literal l ? l.json() : null);
        m.put("secretKey", value instanceof ParameterValue.SecretReference s ? s.secretKey() : null);
        m.put("order", order);
        m.put("definition", definition);
        return m;
    }

    private static Map<String, Object> tool(ToolDescription t) {
        return Map.of(
                "name", t.name(),
                "description", t.description(),
                "properties", t.properties(),
                "requiredProperties", t.requiredProperties());
    }

    private static Map<String, Object> component(ComponentDefinition d) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", d.id().toString());
        m.put("name", d.name());
        m.put("description", d.description());
        m.put("isAgent", d.isAgent());
        m.put("functionCallable", d.functionCallable());
        m.put("canUseFunctionCalling", d.canUseFunctionCalling());
        m.put("isProtected", d.isProtected());
        m.put("releaseStage", d.releaseStage().wireName());
        m.put("toolParameterName", d.toolParameterName().orElse(null));
        m.put(
                "defaultToolDescription",
                d.defaultToolDescription().map(ProjectGraphQl::tool).orElse(null));
        m.put(
                "parameters",
                d.parameters().stream().map(ProjectGraphQl::parameterDefinition).toList());
        return m;
    }

    private static Map<String, Object> parameterDefinition(ParameterDefinition p) {
        Map<String, Object> m = new HashMap<>();
        m.put("name", p.name());
        m.put("type", p.type().wireName());
        m.put("nullable", p.nullable());
        m.put("default", p.defaultValue().orElse(null));
        m.put("order", p.order().orElse(null));
        m.put("uiComponent", p.uiComponent().map(u -> u.wireName()).orElse(null));
        m.put("uiComponentProperties", p.uiProperties());
        m.put("isAdvanced", p.advanced());
        m.put(
                "allowedComponentIds",
                p.allowedChildren().stream().map(Object::toString).toList());
        m.put(
                "modelCapabilities",
                p.modelCapabilities().stream()
                        .map(c -> c.name().toLowerCase(java.util.Locale.ROOT))
                        .sorted()
                        .toList());
        m.put("acceptsSecretPlaceholders", p.secretPlaceholders());
        return m;
    }
}
