package io.draftnrun.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.components.io.InputComponent;
import io.draftnrun.application.project.ProjectPage;
import io.draftnrun.application.project.port.ProjectRepository;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.graph.Edge;
import io.draftnrun.domain.graph.EdgeId;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.graph.Node;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.graph.ParameterValue;
import io.draftnrun.domain.graph.Relationship;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.project.Binding;
import io.draftnrun.domain.project.BoundVersion;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.Project;
import io.draftnrun.domain.project.ProjectId;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JooqProjectRepositoryIT {
    static EmbeddedPostgres postgres;
    static PostgresDatabase database;
    static JooqProjectRepository repository;
    static final OrganizationId ORG = new OrganizationId(UUID.randomUUID());

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        database = new PostgresDatabase(
                "backend",
                PostgresUrl.parse(
                        "ADA_DB_URL", "postgresql://postgres:postgres@localhost:" + postgres.getPort() + "/postgres"),
                4);
        database.migrate();
        new JooqComponentCatalogStore(database.dsl()).upsertAll(List.of(new InputComponent().definition()));
        new JooqComponentCatalogStore(database.dsl()).upsertAll(List.of(new InputComponent().definition()));
        repository = new JooqProjectRepository(database.dsl());
    }

    @AfterAll
    static void stop() throws IOException {
        database.close();
        postgres.close();
    }

    static Project newProject(String name) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Project project = new Project(ProjectId.random(), ORG, name, "desc", now, now);
        repository.create(project, graph(GraphVersionId.random(), 1));
        return project;
    }

    static Node input(
            NodeId id, boolean start, Map<String, ParameterValue> parameters, Optional<ToolDescription> tool) {
        return new Node(id, InputComponent.ID, "Input", "in " + id, "ref", start, parameters, tool);
    }

    /** A graph exercising every stored feature: literal kinds, secrets, ordered lists, tools, relationships, edge order. */
    static GraphVersion graph(GraphVersionId id, long revision) {
        NodeId a = NodeId.random(), b = NodeId.random(), c = NodeId.random();
        Map<String, ParameterValue> params = new java.util.LinkedHashMap<>();
        params.put(
                "payload_schema",
                ParameterValue.literal(Map.of("messages", List.of(Map.of("role", "user")), "n", 1.5)));
        params.put("count", ParameterValue.literal(3));
        params.put("flag", ParameterValue.literal(true));
        params.put("api_key", ParameterValue.secret("openai_api_key"));
        params.put(
                "list",
                new ParameterValue.OrderedList(
                        List.of(ParameterValue.literal("x"), ParameterValue.secret("k"), ParameterValue.literal("z"))));
        return new GraphVersion(
                id,
                revision,
                List.of(
                        input(a, true, params, Optional.empty()),
                        input(
                                b,
                                false,
                                Map.of(),
                                Optional.of(new ToolDescription(
                                        "my tool", "does", Map.of("q", Map.of("type", "string")), List.of("q")))),
                        input(
                                c,
                                false,
                                Map.of(),
                                Optional.of(new ToolDescription("my tool", "other", Map.of(), List.of())))),
                List.of(
                        new Relationship(b, c, "tools", Optional.of(1)),
                        new Relationship(a, c, "tools", Optional.empty())),
                List.of(
                        new Edge(EdgeId.random(), a, b, 2),
                        new Edge(EdgeId.random(), a, c, 0),
                        new Edge(EdgeId.random(), b, c, 1)));
    }

    @Test
    void graphSavedAndReadBackIsIdentical() {
        Project project = newProject("roundtrip");
        GraphVersionId draft = repository.versions(project.id()).draft();
        GraphVersion edited = graph(draft, 1);
        GraphVersion saved = repository.saveDraft(project.id(), edited, 1);
        assertThat(saved.revision()).isEqualTo(2);
        GraphVersion read = repository.graph(draft).orElseThrow();
        assertThat(read).isEqualTo(saved);
        assertThat(read.edges()).extracting(Edge::order).containsExactly(2, 0, 1);
        // tool descriptions with the same name stay separate per instance
        assertThat(read.nodes().get(1).toolDescription().orElseThrow().description())
                .isEqualTo("does");
        assertThat(read.nodes().get(2).toolDescription().orElseThrow().description())
                .isEqualTo("other");
        assertThat(repository.find(project.id())).contains(project);
    }

    @Test
    void staleSaveIsRefusedAndWritesNothing() {
        Project project = newProject("stale");
        GraphVersionId draft = repository.versions(project.id()).draft();
        GraphVersion first = repository.saveDraft(project.id(), graph(draft, 1), 1);
        assertThatThrownBy(() -> repository.saveDraft(project.id(), graph(draft, 1), 1))
                .isInstanceOf(ProjectRepository.StaleGraph.class);
        assertThat(repository.graph(draft)).contains(first);
    }

    @Test
    void failedSaveWritesNothing() {
        Project project = newProject("atomic");
        GraphVersionId draft = repository.versions(project.id()).draft();
        GraphVersion before = repository.graph(draft).orElseThrow();
        GraphVersion good = graph(draft, 1);
        // two edges with one id (the validator refuses it first; here it fails at the last insert of the save)
        Edge edge = good.edges().getFirst();
        Edge clash = new Edge(
                edge.id(), good.nodes().get(1).id(), good.nodes().get(0).id(), 1);
        List<Edge> edges = new java.util.ArrayList<>(good.edges());
        edges.add(clash);
        GraphVersion bad = new GraphVersion(draft, 1, good.nodes(), good.relationships(), edges);
        assertThatThrownBy(() -> repository.saveDraft(project.id(), bad, 1)).isInstanceOf(RuntimeException.class);
        assertThat(repository.graph(draft)).contains(before);
    }

    @Test
    void nodeAndEdgeIdsAreUniquePerGraphVersionNotAcrossOrganizations() {
        Project mine = newProject("mine");
        Project theirs = newProject("theirs");
        GraphVersion theirsSaved = repository.saveDraft(
                theirs.id(), graph(repository.versions(theirs.id()).draft(), 1), 1);
        // the very same node and edge ids in another graph: saved, and each graph reads back its own
        GraphVersionId myDraft = repository.versions(mine.id()).draft();
        GraphVersion same =
                new GraphVersion(myDraft, 1, theirsSaved.nodes(), theirsSaved.relationships(), theirsSaved.edges());
        GraphVersion mineSaved = repository.saveDraft(mine.id(), same, 1);
        assertThat(repository.graph(myDraft)).contains(mineSaved);
        assertThat(repository.graph(theirsSaved.id())).contains(theirsSaved);
        repository.delete(mine.id());
        assertThat(repository.graph(theirsSaved.id())).contains(theirsSaved);
    }

    @Test
    void deployAndPromoteKeepOneDraftOneProductionAndHistory() {
        Project project = newProject("deploy");
        GraphVersion draft1 =
                repository.graph(repository.versions(project.id()).draft()).orElseThrow();
        GraphVersion next1 = draft1.copyWithNewIds(GraphVersionId.random(), UUID::randomUUID);
        repository.deploy(project.id(), draft1.id(), 1, next1);
        GraphVersion next2 = next1.copyWithNewIds(GraphVersionId.random(), UUID::randomUUID);
        repository.deploy(project.id(), next1.id(), 1, next2);
        var versions = repository.versions(project.id());
        assertThat(versions.draft()).isEqualTo(next2.id());
        assertThat(versions.production()).contains(next1.id());
        assertThat(versions.history()).extracting(BoundVersion::graphVersionId).containsExactly(draft1.id());
        assertThatThrownBy(() -> repository.deploy(
                        project.id(), next1.id(), 1, next2.copyWithNewIds(GraphVersionId.random(), UUID::randomUUID)))
                .isInstanceOf(ProjectRepository.StaleGraph.class);

        repository.promote(project.id(), draft1.id());
        versions = repository.versions(project.id());
        assertThat(versions.production()).contains(draft1.id());
        assertThat(versions.history()).extracting(BoundVersion::graphVersionId).containsExactly(next1.id());
        assertThat(versions.versions())
                .filteredOn(v -> v.binding() == Binding.DRAFT)
                .hasSize(1);
        assertThat(repository.withProduction(ORG)).extracting(Project::id).contains(project.id());
    }

    @Test
    void runTargetFollowsSavesAndDeploysAcrossInstancesWhileCachingGraphs() {
        Project project = newProject("run target");
        JooqProjectGraphs instanceA = new JooqProjectGraphs(database.dsl());
        JooqProjectGraphs instanceB = new JooqProjectGraphs(database.dsl());
        GraphVersionId draft = repository.versions(project.id()).draft();

        var target = instanceA.runTarget(project.id(), Environment.DRAFT).orElseThrow();
        assertThat(target.organization()).isEqualTo(ORG);
        assertThat(target.graph().orElseThrow().revision()).isEqualTo(1);
        assertThat(instanceA
                        .runTarget(project.id(), Environment.PRODUCTION)
                        .orElseThrow()
                        .graph())
                .as("no production version yet")
                .isEmpty();
        assertThat(instanceA.runTarget(ProjectId.random(), Environment.DRAFT)).isEmpty();
        assertThat(instanceA.cachedGraphs()).isEqualTo(1);

        // a save through another instance (here: the repository) is seen at once: the revision moved
        GraphVersion saved = repository.saveDraft(project.id(), graph(draft, 1), 1);
        assertThat(instanceA
                        .runTarget(project.id(), Environment.DRAFT)
                        .orElseThrow()
                        .graph())
                .contains(saved);
        assertThat(instanceB
                        .runTarget(project.id(), Environment.DRAFT)
                        .orElseThrow()
                        .graph())
                .contains(saved);

        // deploying binds production to the saved version and the draft to a fresh copy
        GraphVersion next = saved.copyWithNewIds(GraphVersionId.random(), UUID::randomUUID);
        repository.deploy(project.id(), draft, saved.revision(), next);
        assertThat(instanceA
                        .runTarget(project.id(), Environment.PRODUCTION)
                        .orElseThrow()
                        .graph())
                .contains(saved);
        assertThat(instanceA
                        .runTarget(project.id(), Environment.DRAFT)
                        .orElseThrow()
                        .graph())
                .map(GraphVersion::id)
                .contains(next.id());
    }

    @Test
    void databaseRefusesASecondDraft() {
        Project project = newProject("two drafts");
        assertThatThrownBy(() -> database.dsl()
                        .execute(
                                "insert into graph_versions (id, project_id, binding, revision) values (?, ?, 'DRAFT', 1)",
                                UUID.randomUUID(),
                                project.id().value()))
                .hasMessageContaining("graph_versions_one_draft");
    }

    @Test
    void listsPagesBySearchAndCursor() {
        OrganizationId org = new OrganizationId(UUID.randomUUID());
        Instant now = Instant.now();
        for (String name : List.of("alpha bot", "beta bot", "gamma", "delta bot")) {
            repository.create(
                    new Project(ProjectId.random(), org, name, "", now, now), graph(GraphVersionId.random(), 1));
        }
        ProjectPage page1 = repository.list(org, Optional.of("BOT"), 2, Optional.empty());
        assertThat(page1.entries()).extracting(e -> e.project().name()).containsExactly("alpha bot", "beta bot");
        assertThat(page1.hasNextPage()).isTrue();
        ProjectPage page2 = repository.list(
                org, Optional.of("bot"), 2, Optional.of(page1.entries().get(1).cursor()));
        assertThat(page2.entries()).extracting(e -> e.project().name()).containsExactly("delta bot");
        assertThat(page2.hasNextPage()).isFalse();
    }
}
