package io.draftnrun.adapter.in.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.adapter.in.graphql.GraphQlEngine.GraphQlRequest;
import io.draftnrun.application.component.ComponentCatalog;
import io.draftnrun.application.component.ReleaseStagePolicy;
import io.draftnrun.application.project.InMemoryProjectRepository;
import io.draftnrun.application.project.ProjectPage;
import io.draftnrun.application.project.ProjectQueries;
import io.draftnrun.application.project.TemplateSettings;
import io.draftnrun.application.project.port.ProjectRepository;
import io.draftnrun.application.shared.ServerInfo;
import io.draftnrun.application.shared.SystemQueries;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.project.Project;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.project.ProjectVersions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code GraphVersionInfo.graph} goes through a DataLoader: N listed versions cost one batched repository read. */
class GraphVersionLoaderTest {
    static final int HISTORY = 5;

    final OrganizationId org = new OrganizationId(UUID.randomUUID());
    final CountingProjects projects = new CountingProjects(new InMemoryProjectRepository());
    final GraphQlEngine engine = new GraphQlEngine(
            List.of(
                    new SystemGraphQl(new SystemQueries(new ServerInfo("t", "dev", List.of()), List.of())),
                    new ProjectGraphQl(new ProjectGraphQl.UseCases(
                            new ProjectQueries(projects, new TemplateSettings(new OrganizationId(UUID.randomUUID()))),
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            new ComponentCatalog(List.of(), ReleaseStagePolicy.unrestricted())))),
            GraphQlLimits.defaults());
    final Actor member = Actor.user(new UserId(UUID.randomUUID()), "", Map.of(org, Role.MEMBER), false);

    @SuppressWarnings("unchecked")
    static <T> T at(Object root, String... path) {
        Object v = root;
        for (String p : path) {
            v = v instanceof List<?> l ? l.get(Integer.parseInt(p)) : ((Map<String, Object>) v).get(p);
        }
        return (T) v;
    }

    Map<String, Object> run(Actor actor, String query, Map<String, Object> variables) {
        return GraphQlEngine.toResponse(engine.execute(
                new GraphQlRequest(query, null, variables),
                new RequestContext(Optional.ofNullable(actor), "r", "127.0.0.1")));
    }

    /** A project deployed HISTORY + 1 times: a draft, a production and HISTORY versions in history. */
    ProjectId projectWithHistory() {
        Project project = new Project(ProjectId.random(), org, "p", "", Instant.now(), Instant.now());
        GraphVersion draft = new GraphVersion(GraphVersionId.random(), 1, List.of(), List.of(), List.of());
        projects.create(project, draft);
        for (int i = 0; i <= HISTORY; i++) {
            GraphVersion next = new GraphVersion(GraphVersionId.random(), 1, List.of(), List.of(), List.of());
            projects.deploy(project.id(), draft.id(), 1, next);
            draft = next;
        }
        return project.id();
    }

    @Test
    void listingAProjectsVersionsReadsTheirGraphsInOneBatch() {
        ProjectId id = projectWithHistory();
        ProjectVersions versions = projects.versions(id);
        projects.graphCalls.set(0);
        projects.graphsCalls.set(0);

        Map<String, Object> response = run(
                member,
                "query($id: ID!) { project(id: $id) { draft { id graph { id binding } }"
                        + " production { id graph { id binding } } history { id graph { id binding version } } } }",
                Map.of("id", id.toString()));

        assertThat(response).doesNotContainKey("errors");
        List<Map<String, Object>> history = at(response, "data", "project", "history");
        assertThat(history).hasSize(HISTORY);
        for (Map<String, Object> version : history) {
            assertThat(at(version, "graph", "id").toString()).isEqualTo(version.get("id"));
            assertThat(at(version, "graph", "binding").toString()).isEqualTo("HISTORY");
        }
        assertThat(at(response, "data", "project", "draft", "graph", "id").toString())
                .isEqualTo(versions.draft().toString());
        assertThat(at(response, "data", "project", "production", "graph", "id").toString())
                .isEqualTo(versions.production().orElseThrow().toString());
        // HISTORY + 2 graphs, one repository read: not one per version
        assertThat(projects.graphsCalls).hasValue(1);
        assertThat(projects.graphsIds).hasSize(HISTORY + 2);
        assertThat(projects.graphCalls).hasValue(0);
    }

    @Test
    void anOutsiderGetsNotFoundAndNoGraph() {
        ProjectId id = projectWithHistory();
        Actor stranger = Actor.user(
                new UserId(UUID.randomUUID()), "", Map.of(new OrganizationId(UUID.randomUUID()), Role.ADMIN), false);
        projects.graphsCalls.set(0);

        Map<String, Object> response = run(
                stranger,
                "query($id: ID!) { project(id: $id) { history { graph { id } } } }",
                Map.of("id", id.toString()));

        assertThat(at(response, "errors", "0", "extensions", "code").toString()).isEqualTo("NOT_FOUND");
        assertThat(projects.graphsCalls).hasValue(0);
    }

    /** The in-memory repository, counting the reads of graph content. */
    static final class CountingProjects implements ProjectRepository {
        final ProjectRepository delegate;
        final AtomicInteger graphCalls = new AtomicInteger();
        final AtomicInteger graphsCalls = new AtomicInteger();
        final List<GraphVersionId> graphsIds = new ArrayList<>();

        CountingProjects(ProjectRepository delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<GraphVersion> graph(GraphVersionId id) {
            graphCalls.incrementAndGet();
            return delegate.graph(id);
        }

        @Override
        public Map<GraphVersionId, GraphVersion> graphs(Collection<GraphVersionId> ids) {
            graphsCalls.incrementAndGet();
            graphsIds.addAll(ids);
            return delegate.graphs(ids);
        }

        @Override
        public void create(Project project, GraphVersion draft) {
            delegate.create(project, draft);
        }

        @Override
        public Optional<Project> find(ProjectId id) {
            return delegate.find(id);
        }

        @Override
        public void update(Project project) {
            delegate.update(project);
        }

        @Override
        public boolean delete(ProjectId id) {
            return delegate.delete(id);
        }

        @Override
        public ProjectPage list(
                OrganizationId organization, Optional<String> search, int first, Optional<String> after) {
            return delegate.list(organization, search, first, after);
        }

        @Override
        public List<Project> withProduction(OrganizationId organization) {
            return delegate.withProduction(organization);
        }

        @Override
        public ProjectVersions versions(ProjectId id) {
            return delegate.versions(id);
        }

        @Override
        public Optional<ProjectId> projectOf(GraphVersionId id) {
            return delegate.projectOf(id);
        }

        @Override
        public GraphVersion saveDraft(ProjectId project, GraphVersion graph, long expectedRevision) {
            return delegate.saveDraft(project, graph, expectedRevision);
        }

        @Override
        public void deploy(ProjectId project, GraphVersionId draft, long draftRevision, GraphVersion newDraft) {
            delegate.deploy(project, draft, draftRevision, newDraft);
        }

        @Override
        public void promote(ProjectId project, GraphVersionId version) {
            delegate.promote(project, version);
        }
    }
}
