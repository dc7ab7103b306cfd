package io.draftnrun.application.project;

import io.draftnrun.application.project.port.ProjectRepository;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.project.Binding;
import io.draftnrun.domain.project.BoundVersion;
import io.draftnrun.domain.project.Project;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.project.ProjectVersions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A fake {@link ProjectRepository} in memory with the same rules as the real one (one draft, revisions). */
public final class InMemoryProjectRepository implements ProjectRepository {
    private final Map<ProjectId, Project> projects = new LinkedHashMap<>();
    private final Map<GraphVersionId, GraphVersion> graphs = new LinkedHashMap<>();
    private final Map<GraphVersionId, ProjectId> owner = new LinkedHashMap<>();
    private final Map<GraphVersionId, BoundVersion> bindings = new LinkedHashMap<>();
    private long tick;

    private Instant next() {
        return Instant.parse("2025-01-01T00:00:00Z").plusSeconds(++tick);
    }

    @Override
    public synchronized void create(Project project, GraphVersion draft) {
        projects.put(project.id(), project);
        put(project.id(), draft, Binding.DRAFT);
    }

    private void put(ProjectId project, GraphVersion graph, Binding binding) {
        graphs.put(graph.id(), graph);
        owner.put(graph.id(), project);
        bindings.put(graph.id(), new BoundVersion(graph.id(), binding, next(), Optional.empty()));
    }

    @Override
    public synchronized Optional<Project> find(ProjectId id) {
        return Optional.ofNullable(projects.get(id));
    }

    @Override
    public synchronized void update(Project project) {
        projects.put(project.id(), project);
    }

    @Override
    public synchronized boolean delete(ProjectId id) {
        owner.entrySet().removeIf(e -> {
            if (e.getValue().equals(id)) {
                graphs.remove(e.getKey());
                bindings.remove(e.getKey());
                return true;
            }
            return false;
        });
        return projects.remove(id) != null;
    }

    @Override
    public synchronized ProjectPage list(
            OrganizationId organization, Optional<String> search, int first, Optional<String> after) {
        List<Project> matching = projects.values().stream()
                .filter(p -> p.organizationId().equals(organization))
                .filter(p -> search.map(s -> p.name().toLowerCase().contains(s.toLowerCase()))
                        .orElse(true))
                .sorted(Comparator.comparing(Project::name).thenComparing(p -> p.id().value()))
                .toList();
        int start = after.map(c -> indexAfter(matching, c)).orElse(0);
        List<ProjectPage.Entry> entries = new ArrayList<>();
        for (int i = start; i < matching.size() && entries.size() < first; i++) {
            entries.add(
                    new ProjectPage.Entry(matching.get(i), matching.get(i).id().toString()));
        }
        return new ProjectPage(entries, start + entries.size() < matching.size());
    }

    private static int indexAfter(List<Project> projects, String cursor) {
        for (int i = 0; i < projects.size(); i++) {
            if (projects.get(i).id().toString().equals(cursor)) {
                return i + 1;
            }
        }
        return projects.size();
    }

    @Override
    public synchronized List<Project> withProduction(OrganizationId organization) {
        return projects.values().stream()
                .filter(p -> p.organizationId().equals(organization))
                .filter(p -> versions(p.id()).production().isPresent())
                .toList();
    }

    @Override
    public synchronized ProjectVersions versions(ProjectId id) {
        return new ProjectVersions(
                id,
                bindings.values().stream()
                        .filter(b -> id.equals(owner.get(b.graphVersionId())))
                        .toList());
    }

    @Override
    public synchronized Optional<ProjectId> projectOf(GraphVersionId id) {
        return Optional.ofNullable(owner.get(id));
    }

    @Override
    public synchronized Optional<GraphVersion> graph(GraphVersionId id) {
        return Optional.ofNullable(graphs.get(id));
    }

    @Override
    public synchronized Map<GraphVersionId, GraphVersion> graphs(Collection<GraphVersionId> ids) {
        Map<GraphVersionId, GraphVersion> found = new LinkedHashMap<>();
        ids.stream().filter(graphs::containsKey).forEach(id -> found.put(id, graphs.get(id)));
        return found;
    }

    @Override
    public synchronized GraphVersion saveDraft(ProjectId project, GraphVersion graph, long expectedRevision) {
        if (!versions(project).draft().equals(graph.id())) {
            throw new StaleGraph("graph " + graph.id() + " is no longer the draft");
        }
        GraphVersion current = graphs.get(graph.id());
        if (current.revision() != expectedRevision) {
            throw new StaleGraph("the draft was saved by someone else (revision " + current.revision() + ")");
        }
        GraphVersion saved = graph.withRevision(expectedRevision + 1);
        graphs.put(saved.id(), saved);
        return saved;
    }

    @Override
    public synchronized void deploy(
            ProjectId project, GraphVersionId draft, long draftRevision, GraphVersion newDraft) {
        ProjectVersions versions = versions(project);
        if (!versions.draft().equals(draft) || graphs.get(draft).revision() != draftRevision) {
            throw new StaleGraph("the draft changed");
        }
        versions.production().ifPresent(p -> rebind(p, Binding.HISTORY, false));
        rebind(draft, Binding.PRODUCTION, true);
        put(project, newDraft, Binding.DRAFT);
    }

    private void rebind(GraphVersionId id, Binding binding, boolean deployedNow) {
        BoundVersion old = bindings.get(id);
        bindings.put(
                id,
                new BoundVersion(id, binding, old.createdAt(), deployedNow ? Optional.of(next()) : old.deployedAt()));
    }

    @Override
    public synchronized void promote(ProjectId project, GraphVersionId version) {
        if (bindings.get(version).binding() != Binding.HISTORY) {
            throw new StaleGraph("version " + version + " is not in history");
        }
        versions(project).production().ifPresent(p -> rebind(p, Binding.HISTORY, false));
        rebind(version, Binding.PRODUCTION, true);
    }
}
