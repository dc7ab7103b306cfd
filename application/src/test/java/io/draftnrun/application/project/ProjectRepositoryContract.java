package io.draftnrun.application.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.components.io.InputComponent;
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
import io.draftnrun.domain.project.Project;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.project.ProjectVersions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every project repository does: stores projects with their draft, pages an organization's projects by name
 * (never another organization's), keeps one draft and at most one production version through saves, deploys and
 * promotions, refuses stale writes, and deletes a project with its versions. Graphs use {@link InputComponent}, so a
 * store with a component catalog must know it.
 */
public abstract class ProjectRepositoryContract {
    protected abstract ProjectRepository repository();

    protected final OrganizationId org = new OrganizationId(UUID.randomUUID());

    protected Project newProject(OrganizationId organization, String name) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Project project = new Project(ProjectId.random(), organization, name, "desc", now, now);
        repository().create(project, graph(GraphVersionId.random(), 1));
        return project;
    }

    protected Project newProject(String name) {
        return newProject(org, name);
    }

    protected static Node input(
            NodeId id, boolean start, Map<String, ParameterValue> parameters, Optional<ToolDescription> tool) {
        return new Node(id, InputComponent.ID, "Input", "in " + id, "ref", start, parameters, tool);
    }

    /** A graph exercising every stored feature: literal kinds, secrets, ordered lists, tools, relationships, edge order. */
    protected static GraphVersion graph(GraphVersionId id, long revision) {
        NodeId a = NodeId.random(), b = NodeId.random(), c = NodeId.random();
        Map<String, ParameterValue> params = new LinkedHashMap<>();
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
    void aProjectIsStoredWithItsDraftAndAnUnknownOneIsEmpty() {
        Project project = newProject("stored");
        assertThat(repository().find(project.id())).contains(project);
        ProjectVersions versions = repository().versions(project.id());
        assertThat(versions.versions()).singleElement().satisfies(v -> {
            assertThat(v.binding()).isEqualTo(Binding.DRAFT);
            assertThat(v.deployedAt()).isEmpty();
        });
        assertThat(versions.production()).isEmpty();
        assertThat(repository().projectOf(versions.draft())).contains(project.id());
        assertThat(repository().graph(versions.draft()).orElseThrow().revision())
                .isEqualTo(1);

        assertThat(repository().find(ProjectId.random())).isEmpty();
        assertThat(repository().projectOf(GraphVersionId.random())).isEmpty();
        assertThat(repository().graph(GraphVersionId.random())).isEmpty();
    }

    @Test
    void anUpdateChangesNameDescriptionAndUpdateTime() {
        Project project = newProject("before");
        Project renamed =
                project.renamed("after", "new words", project.updatedAt().plusSeconds(5));
        repository().update(renamed);
        assertThat(repository().find(project.id())).contains(renamed);
    }

    @Test
    void graphSavedAndReadBackIsIdentical() {
        Project project = newProject("roundtrip");
        GraphVersionId draft = repository().versions(project.id()).draft();
        GraphVersion saved = repository().saveDraft(project.id(), graph(draft, 1), 1);
        assertThat(saved.revision()).isEqualTo(2);
        GraphVersion read = repository().graph(draft).orElseThrow();
        assertThat(read).isEqualTo(saved);
        assertThat(read.edges()).extracting(Edge::order).containsExactly(2, 0, 1);
        // tool descriptions with the same name stay separate per instance
        assertThat(read.nodes().get(1).toolDescription().orElseThrow().description())
                .isEqualTo("does");
        assertThat(read.nodes().get(2).toolDescription().orElseThrow().description())
                .isEqualTo("other");
    }

    @Test
    void graphsReadSeveralVersionsAtOnceAsGraphReadsEach() {
        Project one = newProject("batch one");
        Project two = newProject("batch two");
        GraphVersionId first = repository().versions(one.id()).draft();
        GraphVersion saved = repository().saveDraft(one.id(), graph(first, 1), 1);
        GraphVersion deployed = repository().graph(first).orElseThrow();
        GraphVersion next = deployed.copyWithNewIds(GraphVersionId.random(), UUID::randomUUID);
        repository().deploy(one.id(), first, saved.revision(), next);
        GraphVersionId other = repository().versions(two.id()).draft();
        GraphVersionId unknown = GraphVersionId.random();

        Map<GraphVersionId, GraphVersion> read = repository().graphs(List.of(first, next.id(), other, unknown));

        assertThat(read).containsOnlyKeys(first, next.id(), other);
        assertThat(read.get(first)).isEqualTo(repository().graph(first).orElseThrow());
        assertThat(read.get(next.id())).isEqualTo(repository().graph(next.id()).orElseThrow());
        assertThat(read.get(other)).isEqualTo(repository().graph(other).orElseThrow());
        assertThat(repository().graphs(List.of())).isEmpty();
    }

    @Test
    void staleSaveIsRefusedAndWritesNothing() {
        Project project = newProject("stale");
        GraphVersionId draft = repository().versions(project.id()).draft();
        GraphVersion first = repository().saveDraft(project.id(), graph(draft, 1), 1);
        assertThatThrownBy(() -> repository().saveDraft(project.id(), graph(draft, 1), 1))
                .isInstanceOf(ProjectRepository.StaleGraph.class);
        assertThat(repository().graph(draft)).contains(first);
    }

    @Test
    void aSaveOfAVersionThatIsNoLongerTheDraftIsStale() {
        Project project = newProject("deployed then saved");
        GraphVersion draft =
                repository().graph(repository().versions(project.id()).draft()).orElseThrow();
        repository()
                .deploy(project.id(), draft.id(), 1, draft.copyWithNewIds(GraphVersionId.random(), UUID::randomUUID));
        assertThatThrownBy(() -> repository().saveDraft(project.id(), graph(draft.id(), 1), 1))
                .isInstanceOf(ProjectRepository.StaleGraph.class);
        assertThat(repository().graph(draft.id())).contains(draft);
    }

    @Test
    void nodeAndEdgeIdsAreUniquePerGraphVersionNotAcrossProjects() {
        Project mine = newProject("mine");
        Project theirs = newProject(new OrganizationId(UUID.randomUUID()), "theirs");
        GraphVersion theirsSaved = repository()
                .saveDraft(theirs.id(), graph(repository().versions(theirs.id()).draft(), 1), 1);
        // the very same node and edge ids in another graph: saved, and each graph reads back its own
        GraphVersionId myDraft = repository().versions(mine.id()).draft();
        GraphVersion same =
                new GraphVersion(myDraft, 1, theirsSaved.nodes(), theirsSaved.relationships(), theirsSaved.edges());
        GraphVersion mineSaved = repository().saveDraft(mine.id(), same, 1);
        assertThat(repository().graph(myDraft)).contains(mineSaved);
        assertThat(repository().graph(theirsSaved.id())).contains(theirsSaved);
        repository().delete(mine.id());
        assertThat(repository().graph(theirsSaved.id())).contains(theirsSaved);
    }

    @Test
    void deployAndPromoteKeepOneDraftOneProductionAndHistory() {
        Project project = newProject("deploy");
        GraphVersion draft1 =
                repository().graph(repository().versions(project.id()).draft()).orElseThrow();
        GraphVersion next1 = draft1.copyWithNewIds(GraphVersionId.random(), UUID::randomUUID);
        repository().deploy(project.id(), draft1.id(), 1, next1);
        assertThat(repository().versions(project.id()).versions())
                .filteredOn(v -> v.binding() == Binding.PRODUCTION)
                .singleElement()
                .satisfies(v -> assertThat(v.deployedAt()).isPresent());
        assertThat(repository().projectOf(next1.id())).contains(project.id());
        GraphVersion next2 = next1.copyWithNewIds(GraphVersionId.random(), UUID::randomUUID);
        repository().deploy(project.id(), next1.id(), 1, next2);
        ProjectVersions versions = repository().versions(project.id());
        assertThat(versions.draft()).isEqualTo(next2.id());
        assertThat(versions.production()).contains(next1.id());
        assertThat(versions.history()).extracting(BoundVersion::graphVersionId).containsExactly(draft1.id());
        assertThatThrownBy(() -> repository()
                        .deploy(
                                project.id(),
                                next1.id(),
                                1,
                                next2.copyWithNewIds(GraphVersionId.random(), UUID::randomUUID)))
                .isInstanceOf(ProjectRepository.StaleGraph.class);
        assertThatThrownBy(() -> repository()
                        .deploy(
                                project.id(),
                                next2.id(),
                                7,
                                next2.copyWithNewIds(GraphVersionId.random(), UUID::randomUUID)))
                .as("the draft's revision moved")
                .isInstanceOf(ProjectRepository.StaleGraph.class);
        assertThat(repository().versions(project.id()).versions())
                .containsExactlyInAnyOrderElementsOf(versions.versions());

        repository().promote(project.id(), draft1.id());
        versions = repository().versions(project.id());
        assertThat(versions.production()).contains(draft1.id());
        assertThat(versions.history()).extracting(BoundVersion::graphVersionId).containsExactly(next1.id());
        assertThat(versions.versions())
                .filteredOn(v -> v.binding() == Binding.DRAFT)
                .hasSize(1);
        assertThatThrownBy(() -> repository().promote(project.id(), next2.id()))
                .as("only a history version is promoted")
                .isInstanceOf(ProjectRepository.StaleGraph.class);
    }

    @Test
    void templatesAreTheOrganizationsProjectsWithAProductionVersion() {
        Project deployed = newProject("deployed");
        Project draftOnly = newProject("draft only");
        OrganizationId other = new OrganizationId(UUID.randomUUID());
        Project elsewhere = newProject(other, "elsewhere");
        for (Project p : List.of(deployed, elsewhere)) {
            GraphVersion draft =
                    repository().graph(repository().versions(p.id()).draft()).orElseThrow();
            repository().deploy(p.id(), draft.id(), 1, draft.copyWithNewIds(GraphVersionId.random(), UUID::randomUUID));
        }
        assertThat(repository().withProduction(org)).containsExactly(deployed);
        assertThat(repository().withProduction(other)).containsExactly(elsewhere);
        assertThat(repository().withProduction(new OrganizationId(UUID.randomUUID())))
                .isEmpty();
        assertThat(draftOnly).isNotNull();
    }

    @Test
    void aDeleteTakesTheVersionsAlongAndIsFalseTheSecondTime() {
        Project project = newProject("doomed");
        GraphVersion draft =
                repository().graph(repository().versions(project.id()).draft()).orElseThrow();
        repository()
                .deploy(project.id(), draft.id(), 1, draft.copyWithNewIds(GraphVersionId.random(), UUID::randomUUID));
        List<GraphVersionId> ids = repository().versions(project.id()).versions().stream()
                .map(BoundVersion::graphVersionId)
                .toList();
        Project kept = newProject("kept");

        assertThat(repository().delete(project.id())).isTrue();
        assertThat(repository().find(project.id())).isEmpty();
        for (GraphVersionId id : ids) {
            assertThat(repository().graph(id)).isEmpty();
            assertThat(repository().projectOf(id)).isEmpty();
        }
        assertThat(repository().delete(project.id())).isFalse();
        assertThat(repository().delete(ProjectId.random())).isFalse();
        assertThat(repository().find(kept.id())).contains(kept);
    }

    @Test
    void listsPagesBySearchAndCursorOrderedByName() {
        for (String name : List.of("gamma", "delta bot", "beta bot", "alpha bot")) {
            newProject(name);
        }
        newProject(new OrganizationId(UUID.randomUUID()), "alpha bot elsewhere");
        ProjectPage page1 = repository().list(org, Optional.of("BOT"), 2, Optional.empty());
        assertThat(page1.entries()).extracting(e -> e.project().name()).containsExactly("alpha bot", "beta bot");
        assertThat(page1.hasNextPage()).isTrue();
        ProjectPage page2 = repository()
                .list(
                        org,
                        Optional.of("bot"),
                        2,
                        Optional.of(page1.entries().get(1).cursor()));
        assertThat(page2.entries()).extracting(e -> e.project().name()).containsExactly("delta bot");
        assertThat(page2.hasNextPage()).isFalse();
        assertThat(repository()
                        .list(org, Optional.empty(), 10, Optional.empty())
                        .entries())
                .extracting(e -> e.project().name())
                .containsExactly("alpha bot", "beta bot", "delta bot", "gamma");
        assertThat(repository()
                        .list(new OrganizationId(UUID.randomUUID()), Optional.empty(), 10, Optional.empty())
                        .entries())
                .isEmpty();
    }

    @Test
    void projectsWithOneNameArePagedWithoutLossOrRepeat() {
        List<ProjectId> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(newProject("twin").id());
        }
        List<ProjectId> seen = new ArrayList<>();
        Optional<String> after = Optional.empty();
        ProjectPage page;
        do {
            page = repository().list(org, Optional.of("twin"), 2, after);
            page.entries().forEach(e -> seen.add(e.project().id()));
            after = page.entries().isEmpty()
                    ? Optional.empty()
                    : Optional.of(page.entries().getLast().cursor());
        } while (page.hasNextPage());
        assertThat(seen).containsExactlyInAnyOrderElementsOf(created).doesNotHaveDuplicates();
    }
}
