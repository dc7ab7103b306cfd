package io.draftnrun.application.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.component.ComponentCatalog;
import io.draftnrun.application.component.ComponentDefinitionFactory;
import io.draftnrun.application.component.ReleaseStagePolicy;
import io.draftnrun.application.components.io.InputComponent;
import io.draftnrun.application.components.llm.LlmCall;
import io.draftnrun.application.components.tools.ApiCallTool;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.component.ReleaseStage;
import io.draftnrun.domain.graph.Edge;
import io.draftnrun.domain.graph.EdgeId;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.graph.Node;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.graph.ParameterValue;
import io.draftnrun.domain.llm.ModelCapability;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.project.Binding;
import io.draftnrun.domain.project.BoundVersion;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.draftnrun.domain.shared.InvalidInput;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProjectUseCasesTest {
    static final OrganizationId ORG = OrganizationId.of("11111111-1111-1111-1111-111111111111");
    static final OrganizationId OTHER = OrganizationId.of("22222222-2222-2222-2222-222222222222");

    /** A component released to the internal organizations only (OTHER here). */
    static final ComponentDefinitionFactory LAB = () -> ComponentDefinition.builder()
            .id(ComponentId.of("1ab1ab1a-0000-4000-8000-000000000001"))
            .name("Lab")
            .releaseStage(ReleaseStage.INTERNAL)
            .build();

    final InMemoryProjectRepository repository = new InMemoryProjectRepository();
    final ComponentCatalog catalog = new ComponentCatalog(
            List.of(() -> InputComponent.DEFINITION, () -> LlmCall.DEFINITION, () -> ApiCallTool.DEFINITION, LAB),
            new ReleaseStagePolicy(Set.of(), Set.of(OTHER)));
    final TemplateSettings templates = new TemplateSettings(OTHER);
    final InMemoryOrganizationDirectory organizations = new InMemoryOrganizationDirectory(ORG, OTHER);
    final InMemoryGraphResources resources = new InMemoryGraphResources()
            .model("openai:gpt-4o-mini", ModelCapability.COMPLETION, ModelCapability.FUNCTION_CALLING)
            .model("openai:text-embedding-3-small", ModelCapability.EMBEDDING)
            .secret(ORG, "crm_token")
            .secret(OTHER, "other_token");
    final ProjectUseCases useCases = ProjectUseCases.create(
            new ProjectUseCases.Ports(repository, organizations, resources), catalog, templates, Clock.systemUTC());
    final CreateProject create = useCases.createProject();
    final SaveGraph save = useCases.saveGraph();
    final DeployGraph deploy = useCases.deployGraph();
    final PromoteVersion promote = useCases.promoteVersion();
    final DeleteProject delete = useCases.deleteProject();
    final ProjectQueries queries = useCases.queries();

    static Actor actor(OrganizationId org, Role role) {
        return Actor.user(new UserId(UUID.randomUUID()), "", Map.of(org, role), false);
    }

    final Actor developer = actor(ORG, Role.DEVELOPER);

    ProjectId newProject() {
        return create.handle(developer, new CreateProject.Command(ORG, "Support bot", "", Optional.empty()))
                .project()
                .id();
    }

    GraphVersion draftOf(ProjectId id) {
        return repository.graph(repository.versions(id).draft()).orElseThrow();
    }

    /** Two Input nodes chained, with a payload schema marking the graph. */
    SaveGraph.Command edit(ProjectId id, GraphVersion draft, String marker) {
        Node a = new Node(
                NodeId.random(),
                InputComponent.ID,
                "",
                "in",
                "",
                true,
                Map.of(InputComponent.PAYLOAD_SCHEMA, ParameterValue.literal(Map.of("marker", marker))),
                Optional.empty());
        Node b = new Node(NodeId.random(), InputComponent.ID, "", "out", "", false, Map.of(), Optional.empty());
        return new SaveGraph.Command(
                id,
                Optional.of(draft.id()),
                List.of(a, b),
                List.of(),
                List.of(new Edge(EdgeId.random(), a.id(), b.id(), 0)),
                draft.revision());
    }

    static Object marker(GraphVersion graph) {
        return ((Map<?, ?>) ((ParameterValue.Literal)
                                graph.nodes().getFirst().parameters().get(InputComponent.PAYLOAD_SCHEMA))
                        .json())
                .get("marker");
    }

    @Test
    void newProjectDraftHoldsOneInputStartNodeWithAPlainPayloadSchema() {
        GraphVersion draft = draftOf(newProject());
        assertThat(draft.nodes()).singleElement().satisfies(n -> {
            assertThat(n.componentId()).isEqualTo(InputComponent.ID);
            assertThat(n.startNode()).isTrue();
            assertThat(n.parameters().get(InputComponent.PAYLOAD_SCHEMA)).isInstanceOf(ParameterValue.Literal.class);
        });
    }

    @Test
    void deployEditDeployAndRollBack() {
        ProjectId id = newProject();
        save.handle(developer, edit(id, draftOf(id), "v1"));
        DeployGraph.Result first = deploy.handle(developer, new DeployGraph.Command(id));
        assertThat(marker(repository.graph(first.production()).orElseThrow())).isEqualTo("v1");
        assertThat(marker(draftOf(id))).isEqualTo("v1");
        assertThat(draftOf(id).nodes())
                .extracting(Node::id)
                .doesNotContainAnyElementsOf(repository.graph(first.production()).orElseThrow().nodes().stream()
                        .map(Node::id)
                        .toList());

        save.handle(developer, edit(id, draftOf(id), "v2-draft"));
        assertThat(marker(repository
                        .graph(repository.versions(id).production().orElseThrow())
                        .orElseThrow()))
                .isEqualTo("v1");

        DeployGraph.Result second = deploy.handle(developer, new DeployGraph.Command(id));
        assertThat(second.previousProduction()).contains(first.production());
        assertThat(repository.versions(id).history())
                .extracting(BoundVersion::graphVersionId)
                .containsExactly(first.production());

        promote.handle(developer, new PromoteVersion.Command(first.production()));
        var versions = queries.project(developer, id).versions();
        assertThat(versions.production()).contains(first.production());
        assertThat(versions.history()).extracting(BoundVersion::graphVersionId).containsExactly(second.production());
        assertThat(marker(draftOf(id))).isEqualTo("v2-draft");
    }

    @Test
    void staleSaveIsAConflict() {
        ProjectId id = newProject();
        GraphVersion read = draftOf(id);
        save.handle(developer, edit(id, read, "first"));
        assertThatThrownBy(() -> save.handle(developer, edit(id, read, "second")))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(marker(draftOf(id))).isEqualTo("first");
    }

    @Test
    void savingADeployedDraftIsAConflict() {
        ProjectId id = newProject();
        GraphVersion read = draftOf(id);
        deploy.handle(developer, new DeployGraph.Command(id));
        assertThatThrownBy(() -> save.handle(developer, edit(id, read, "late")))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    }

    @Test
    void invalidGraphIsRefusedWithEveryViolationAndNothingWritten() {
        ProjectId id = newProject();
        GraphVersion before = draftOf(id);
        Node unknown = new Node(
                NodeId.random(), new ComponentId(UUID.randomUUID()), "", "x", "", false, Map.of(), Optional.empty());
        var command = new SaveGraph.Command(
                id,
                Optional.empty(),
                List.of(unknown),
                List.of(),
                List.of(new Edge(EdgeId.random(), unknown.id(), NodeId.random(), 0)),
                before.revision());
        assertThatThrownBy(() -> save.handle(developer, command))
                .isInstanceOfSatisfying(
                        InvalidInput.class,
                        e -> assertThat(e.violations())
                                .extracting(v ->
                                        v.message().substring(0, v.message().indexOf(':')))
                                .containsExactlyInAnyOrder(
                                        "UNKNOWN_COMPONENT", "EDGE_TO_UNKNOWN_NODE", "NO_START_NODE"));
        assertThat(draftOf(id)).isEqualTo(before);
    }

    @Test
    void memberReadsButCannotSaveOrDeploy() {
        ProjectId id = newProject();
        Actor member = actor(ORG, Role.MEMBER);
        assertThat(queries.graph(member, draftOf(id).id()).binding()).isEqualTo(Binding.DRAFT);
        assertThatThrownBy(() -> save.handle(member, edit(id, draftOf(id), "x")))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> deploy.handle(member, new DeployGraph.Command(id)))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> delete.handle(developer, new DeleteProject.Command(id)))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void anotherOrganizationSeesNothing() {
        ProjectId id = newProject();
        Actor stranger = actor(OTHER, Role.ADMIN);
        assertThatThrownBy(() -> queries.project(stranger, id))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> queries.graph(stranger, draftOf(id).id()))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> queries.projects(stranger, ORG, Optional.empty(), 10, Optional.empty()))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void createFromTemplateCopiesItsProductionGraph() {
        Actor templateAdmin = actor(OTHER, Role.ADMIN);
        ProjectId template = create.handle(
                        templateAdmin, new CreateProject.Command(OTHER, "FAQ bot", "", Optional.empty()))
                .project()
                .id();
        save.handle(templateAdmin, edit(template, draftOf(template), "template"));
        deploy.handle(templateAdmin, new DeployGraph.Command(template));
        assertThat(queries.templates(developer))
                .extracting(t -> t.project().id())
                .containsExactly(template);

        ProjectId copy = create.handle(developer, new CreateProject.Command(ORG, "Mine", "", Optional.of(template)))
                .project()
                .id();
        GraphVersion copied = draftOf(copy);
        assertThat(marker(copied)).isEqualTo("template");
        assertThat(copied.edges()).hasSize(1);
        assertThat(repository.versions(copy).production()).isEmpty();
    }

    @Test
    void inputKeepsSchemaKeysAndFillsDefaults() {
        Map<String, Object> schema = Map.of("messages", List.of(), "additional_info", "info");
        Map<String, Object> out = InputComponent.process(
                Map.of("messages", List.of(Map.of("role", "user", "content", "hi")), "junk", 1), schema);
        assertThat(out).containsOnlyKeys("messages", "additional_info").containsEntry("additional_info", "info");
        assertThat(out.get("messages")).asList().hasSize(1);
    }

    /** The draft's Input node followed by {@code nodes}, each fed by the one before. */
    SaveGraph.Command chain(ProjectId id, Map<NodeId, Set<String>> nulled, Node... nodes) {
        GraphVersion draft = draftOf(id);
        Node input = draft.nodes().getFirst();
        List<Node> all = new java.util.ArrayList<>(List.of(input));
        all.addAll(List.of(nodes));
        List<Edge> edges = new java.util.ArrayList<>();
        for (int i = 1; i < all.size(); i++) {
            edges.add(new Edge(EdgeId.random(), all.get(i - 1).id(), all.get(i).id(), 0));
        }
        return new SaveGraph.Command(id, Optional.empty(), all, List.of(), edges, draft.revision(), nulled);
    }

    static Node node(ComponentId component, Map<String, ParameterValue> parameters) {
        return new Node(NodeId.random(), component, "", "n", "", false, parameters, Optional.empty());
    }

    @Test
    void saveChecksValuesAgainstWhatTheOrganizationHasAllAtOnce() {
        ProjectId id = newProject();
        GraphVersion before = draftOf(id);
        Node llm = node(
                LlmCall.ID,
                Map.of(
                        io.draftnrun.application.components.llm.LlmParameters.COMPLETION_MODEL,
                        ParameterValue.literal("nope:model")));
        Node embeddingsOnly = node(
                LlmCall.ID,
                Map.of(
                        io.draftnrun.application.components.llm.LlmParameters.COMPLETION_MODEL,
                        ParameterValue.literal("openai:text-embedding-3-small")));
        Node api = node(
                ApiCallTool.ID,
                Map.of(
                        ApiCallTool.ENDPOINT,
                        ParameterValue.literal("file:///etc/passwd"),
                        ApiCallTool.HEADERS,
                        ParameterValue.literal(Map.of(
                                "Authorization", "Bearer {{secret:crm_token}}", "X-Key", "{{secret:other_token}}"))));
        Node lab = node(LAB.definition().id(), Map.of());
        var command = chain(id, Map.of(llm.id(), Set.of(LlmCall.PROMPT_TEMPLATE)), llm, embeddingsOnly, api, lab);
        assertThatThrownBy(() -> save.handle(developer, command))
                .isInstanceOfSatisfying(
                        InvalidInput.class,
                        e -> assertThat(e.violations())
                                .extracting(v ->
                                        v.message().substring(0, v.message().indexOf(':')))
                                .containsExactlyInAnyOrder(
                                        "UNKNOWN_MODEL",
                                        "MISSING_REQUIRED_VALUE",
                                        "MODEL_LACKS_CAPABILITY",
                                        "INVALID_VALUE",
                                        "UNKNOWN_SECRET",
                                        "COMPONENT_NOT_AVAILABLE"));
        assertThat(draftOf(id)).as("nothing written").isEqualTo(before);

        // the same components with values the organization has are saved
        Node good = node(
                ApiCallTool.ID,
                Map.of(
                        ApiCallTool.ENDPOINT,
                        ParameterValue.literal("https://crm.example.com/v1/items"),
                        ApiCallTool.HEADERS,
                        ParameterValue.literal(Map.of("Authorization", "Bearer {{secret:crm_token}}"))));
        Node answer = node(
                LlmCall.ID,
                Map.of(
                        io.draftnrun.application.components.llm.LlmParameters.COMPLETION_MODEL,
                        ParameterValue.literal("openai:gpt-4o-mini")));
        assertThat(save.handle(developer, chain(id, Map.of(), good, answer))
                        .graph()
                        .nodes())
                .hasSize(3);
    }

    @Test
    void internalComponentsAreForTheInternalOrganizationsOnceConfigurationListsThem() {
        ProjectId id = newProject();
        assertThatThrownBy(() -> save.handle(
                        developer, chain(id, Map.of(), node(LAB.definition().id(), Map.of()))))
                .isInstanceOfSatisfying(
                        InvalidInput.class,
                        e -> assertThat(e.violations())
                                .singleElement()
                                .satisfies(v -> assertThat(v.message()).contains("Lab is not available", "internal")));
        Actor internal = actor(OTHER, Role.DEVELOPER);
        ProjectId theirs = create.handle(internal, new CreateProject.Command(OTHER, "Lab bot", "", Optional.empty()))
                .project()
                .id();
        GraphVersion draft =
                repository.graph(repository.versions(theirs).draft()).orElseThrow();
        Node input = draft.nodes().getFirst();
        Node lab = node(LAB.definition().id(), Map.of());
        assertThat(save.handle(
                                internal,
                                new SaveGraph.Command(
                                        theirs,
                                        Optional.empty(),
                                        List.of(input, lab),
                                        List.of(),
                                        List.of(new Edge(EdgeId.random(), input.id(), lab.id(), 0)),
                                        draft.revision()))
                        .graph()
                        .nodes())
                .hasSize(2);
        // with nothing configured, every stage is offered: a fresh install offers every component it can run
        assertThat(ReleaseStagePolicy.unrestricted().offers(ReleaseStage.INTERNAL, ORG))
                .isTrue();
        assertThat(ReleaseStagePolicy.unrestricted().offers(ReleaseStage.EARLY_ACCESS, ORG))
                .isTrue();
        assertThat(new ReleaseStagePolicy(Set.of(OTHER), Set.of()).offers(ReleaseStage.EARLY_ACCESS, ORG))
                .isFalse();
        assertThat(new ReleaseStagePolicy(Set.of(OTHER), Set.of()).offers(ReleaseStage.INTERNAL, ORG))
                .as("early access configured, internal not")
                .isTrue();
    }

    @Test
    void aPlatformAdminCannotCreateAProjectInAnOrganizationThatDoesNotExist() {
        Actor platformAdmin = Actor.user(new UserId(UUID.randomUUID()), "", Map.of(), true);
        OrganizationId nowhere = OrganizationId.of("33333333-3333-3333-3333-333333333333");
        assertThatThrownBy(() ->
                        create.handle(platformAdmin, new CreateProject.Command(nowhere, "Ghost", "", Optional.empty())))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(create.handle(platformAdmin, new CreateProject.Command(ORG, "Real", "", Optional.empty()))
                        .project()
                        .organizationId())
                .isEqualTo(ORG);
    }

    @Test
    void aFreshInstallGetsStarterTemplatesOnceThatAreValidAndCanBeCopied() {
        OrganizationId fresh = OrganizationId.of("44444444-4444-4444-8444-444444444444");
        InMemoryOrganizationDirectory none = new InMemoryOrganizationDirectory();
        SeedTemplates seed = new SeedTemplates(none, repository, Clock.systemUTC());
        assertThat(seed.run(fresh)).isTrue();
        assertThat(seed.run(fresh)).as("written once").isFalse();

        ProjectQueries freshQueries = new ProjectQueries(repository, new TemplateSettings(fresh));
        var starters = freshQueries.templates(developer);
        assertThat(starters)
                .extracting(t -> t.project().name())
                .containsExactlyInAnyOrder("Answer with a model", "Agent with web search");
        var builtIn = new ComponentCatalog(
                io.draftnrun.application.components.BuiltInComponents.definitions().stream()
                        .<ComponentDefinitionFactory>map(d -> () -> d)
                        .toList(),
                ReleaseStagePolicy.unrestricted());
        for (var template : starters) {
            GraphVersion graph = repository.graph(template.productionGraph()).orElseThrow();
            assertThat(new io.draftnrun.domain.graph.GraphValidator(builtIn).validate(graph))
                    .as(template.project().name())
                    .isEmpty();
        }
        // the organization an operator names exists already: nothing is added to it
        assertThat(new SeedTemplates(organizations, repository, Clock.systemUTC()).run(OTHER))
                .isFalse();
        assertThat(queries.templates(developer)).isEmpty();
    }
}
