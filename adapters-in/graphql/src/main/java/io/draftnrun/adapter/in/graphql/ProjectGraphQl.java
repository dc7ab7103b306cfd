package io.draftnrun.adapter.in.graphql;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.draftnrun.adapter.in.graphql.ProjectViews.ComponentView;
import io.draftnrun.adapter.in.graphql.ProjectViews.DeployPayloadView;
import io.draftnrun.adapter.in.graphql.ProjectViews.GraphVersionInfoView;
import io.draftnrun.adapter.in.graphql.ProjectViews.GraphView;
import io.draftnrun.adapter.in.graphql.ProjectViews.LlmModelView;
import io.draftnrun.adapter.in.graphql.ProjectViews.NodeView;
import io.draftnrun.adapter.in.graphql.ProjectViews.ParameterDefinitionView;
import io.draftnrun.adapter.in.graphql.ProjectViews.ProjectView;
import io.draftnrun.adapter.in.graphql.ProjectViews.TemplateView;
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
import io.draftnrun.domain.component.ComponentId;
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
import io.draftnrun.domain.project.Project;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.InvalidInput;
import io.draftnrun.domain.shared.Violation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.dataloader.BatchLoaderEnvironment;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;
import org.dataloader.Try;

/**
 * The project slice: projects, graph versions (draft, production, history), saving and deploying graphs, templates,
 * the component catalog and the LLM model list. Views are the records of {@link ProjectViews}.
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
                                        .map(ComponentView::of)
                                        .toList())
                        .dataFetcher(
                                "llmModels",
                                env ->
                                        uc
                                                .components()
                                                .llmModels(Fetchers.actor(env), env.getArgument("capability"))
                                                .stream()
                                                .map(LlmModelView::of)
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
                                    e -> new Fetchers.Edge<>(e.cursor(), ProjectView.of(e.project())),
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
                                        .map(TemplateView::of)
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
                            return new DeployPayloadView(
                                    project(uc.queries().project(actor, result.project())),
                                    graph(uc.queries().graph(actor, result.production())),
                                    graph(uc.queries().graph(actor, result.draft())),
                                    result.previousProduction()
                                            .map(Object::toString)
                                            .orElse(null));
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
                b -> b.dataFetcher(
                        "graph",
                        env -> env.<GraphVersionInfoView, GraphView>getDataLoader(GRAPHS)
                                .load(env.getSource(), Fetchers.actor(env))));
        wiring.type(
                "ParameterDefinition",
                b -> b.dataFetcher(
                        "default",
                        env -> env.<ParameterDefinitionView>getSource().defaultValue()));
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
        List<Relationship> relationships = Fetchers.inputs(in.get("relationships")).stream()
                .map(r -> new Relationship(
                        new NodeId(Ids.uuid(r.get("parentId"), "graph.relationships.parentId")),
                        new NodeId(Ids.uuid(r.get("childId"), "graph.relationships.childId")),
                        (String) r.get("slot"),
                        Optional.ofNullable((Integer) r.get("order"))))
                .toList();
        List<Edge> edges = Fetchers.inputs(in.get("edges")).stream()
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
        for (Map<String, Object> p : Fetchers.inputs(node.get("parameters"))) {
            if (p.get("order") == null && p.get("value") == null && p.get("secretKey") == null) {
                names.add((String) p.get("name"));
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static Node node(Map<String, Object> in) {
        Map<String, ParameterValue> single = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> ordered = new LinkedHashMap<>();
        for (Map<String, Object> p : Fetchers.inputs(in.get("parameters"))) {
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

    // ---- data loaders ------------------------------------------------------------------------------------------

    /** The DataLoader of {@code GraphVersionInfo.graph}: the versions' graphs, one batch per project and level. */
    static final String GRAPHS = "project.graphs";

    @Override
    public void dataLoaders(DataLoaderRegistry registry) {
        registry.register(GRAPHS, DataLoaderFactory.newDataLoader(this::graphs));
    }

    /** The graphs of {@code versions}, in their order; each key's context is the actor asking. */
    private CompletionStage<List<Try<GraphView>>> graphs(
            List<GraphVersionInfoView> versions, BatchLoaderEnvironment environment) {
        Actor actor = (Actor) environment.getKeyContextsList().getFirst();
        Map<String, List<GraphVersionId>> byProject = new LinkedHashMap<>();
        for (GraphVersionInfoView v : versions) {
            byProject
                    .computeIfAbsent(v.projectId(), k -> new ArrayList<>())
                    .add(new GraphVersionId(UUID.fromString(v.id())));
        }
        Map<String, Try<Map<GraphVersionId, GraphDetails>>> found = new LinkedHashMap<>();
        byProject.forEach((project, ids) -> found.put(
                project, Try.tryCall(() -> uc.queries().graphs(actor, new ProjectId(UUID.fromString(project)), ids))));
        List<Try<GraphView>> graphs = new ArrayList<>();
        for (GraphVersionInfoView v : versions) {
            Try<Map<GraphVersionId, GraphDetails>> ofProject = found.get(v.projectId());
            if (ofProject.isFailure()) {
                graphs.add(Try.failed(ofProject.getThrowable()));
                continue;
            }
            GraphDetails details = ofProject.get().get(new GraphVersionId(UUID.fromString(v.id())));
            graphs.add(
                    details == null
                            ? Try.failed(DomainException.notFound("graph " + v.id()))
                            : Try.succeeded(graph(details)));
        }
        return CompletableFuture.completedFuture(graphs);
    }

    // ---- views -------------------------------------------------------------------------------------------------

    @Override
    public Map<String, Class<? extends Record>> views() {
        return ProjectViews.TYPES;
    }

    private static ProjectView project(ProjectDetails details) {
        return ProjectView.of(details);
    }

    private GraphView graph(GraphDetails details) {
        return GraphView.of(details, n -> NodeView.of(n, uc.catalog().find(n.componentId())));
    }
}
