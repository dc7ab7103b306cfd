package io.draftnrun.application.project.port;

import io.draftnrun.application.project.ProjectPage;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.project.Project;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.project.ProjectVersions;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Projects, the binding of their graph versions (one draft, at most one production, history) and the versions'
 * content. Each write is one transaction: it happens completely or not at all.
 */
public interface ProjectRepository {
    /** Stores a new project with {@code draft} bound as its draft. */
    void create(Project project, GraphVersion draft);

    Optional<Project> find(ProjectId id);

    void update(Project project);

    /** Deletes the project with every graph version bound to it; false when it did not exist. */
    boolean delete(ProjectId id);

    /** A page of the organization's projects whose name contains {@code search} (any case), ordered by name. */
    ProjectPage list(OrganizationId organization, Optional<String> search, int first, Optional<String> after);

    /** The organization's projects that have a production version (templates). */
    List<Project> withProduction(OrganizationId organization);

    ProjectVersions versions(ProjectId id);

    /** The project a graph version is bound to. */
    Optional<ProjectId> projectOf(GraphVersionId id);

    Optional<GraphVersion> graph(GraphVersionId id);

    /**
     * The content of several versions in one read (a page listing versions with their graphs); ids that are not
     * stored are absent from the result.
     */
    Map<GraphVersionId, GraphVersion> graphs(Collection<GraphVersionId> ids);

    /**
     * Replaces the content of the project's draft with {@code graph} (same id) if the draft is still {@code graph.id()}
     * and its revision is {@code expectedRevision}; returns the stored graph with the next revision.
     *
     * @throws StaleGraph when another save or a deploy happened since
     */
    GraphVersion saveDraft(ProjectId project, GraphVersion graph, long expectedRevision);

    /**
     * Deploys: the production version (if any) goes to history, the draft {@code draft} (still at {@code
     * draftRevision}) becomes production, and {@code newDraft} is stored as the new draft.
     *
     * @throws StaleGraph when the draft changed since it was read
     */
    void deploy(ProjectId project, GraphVersionId draft, long draftRevision, GraphVersion newDraft);

    /** Makes the history version {@code version} production again; the current production goes to history. */
    void promote(ProjectId project, GraphVersionId version);

    /** Thrown by writes whose expectations no longer hold. */
    final class StaleGraph extends RuntimeException {
        public StaleGraph(String message) {
            super(message, null, false, false);
        }
    }
}
