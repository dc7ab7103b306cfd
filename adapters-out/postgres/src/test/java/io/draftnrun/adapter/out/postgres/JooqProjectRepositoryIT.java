package io.draftnrun.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.components.io.InputComponent;
import io.draftnrun.application.project.ProjectRepositoryContract;
import io.draftnrun.application.project.port.ProjectRepository;
import io.draftnrun.domain.graph.Edge;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.Project;
import io.draftnrun.domain.project.ProjectId;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The project repository contract on a real PostgreSQL migrated by Flyway, plus what only the database does. */
class JooqProjectRepositoryIT extends ProjectRepositoryContract {
    static EmbeddedPostgres postgres;
    static PostgresDatabase database;
    static JooqProjectRepository repository;

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
        repository = new JooqProjectRepository(database.dsl());
    }

    @Override
    protected ProjectRepository repository() {
        return repository;
    }

    @AfterAll
    static void stop() throws IOException {
        database.close();
        postgres.close();
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
    void runTargetFollowsSavesAndDeploysAcrossInstancesWhileCachingGraphs() {
        Project project = newProject("run target");
        JooqProjectGraphs instanceA = new JooqProjectGraphs(database.dsl());
        JooqProjectGraphs instanceB = new JooqProjectGraphs(database.dsl());
        GraphVersionId draft = repository.versions(project.id()).draft();

        var target = instanceA.runTarget(project.id(), Environment.DRAFT).orElseThrow();
        assertThat(target.organization()).isEqualTo(org);
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
}
