package io.draftnrun.application.run;

import io.draftnrun.application.run.port.ProjectGraphs;
import io.draftnrun.application.run.port.RunEventBus;
import io.draftnrun.application.run.port.RunRepository;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.shared.DomainException;
import java.util.Objects;
import java.util.Optional;

/**
 * Reading runs (READER on the project's organization, or an API key of the project for its own runs) and following a
 * run's events from its start; whoever started a run may always read it. An unknown run and a run the actor may not see are both NOT_FOUND.
 */
public final class RunQueries {
    public static final int MAX_PAGE = 100;

    private final RunRepository runs;
    private final ProjectGraphs projects;
    private final RunEventBus bus;

    public RunQueries(RunRepository runs, ProjectGraphs projects, RunEventBus bus) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.projects = Objects.requireNonNull(projects, "projects");
        this.bus = Objects.requireNonNull(bus, "bus");
    }

    /** A run (one not written yet is read from memory by the repository, see {@link WriteBehindRunRepository}). */
    public Run run(Actor actor, RunId id) {
        Run run = runs.find(id).orElseThrow(() -> DomainException.notFound("run " + id));
        boolean starter = !actor.isApiKey()
                && run.startedBy().filter(actor.userId()::equals).isPresent();
        if (!starter && !maySee(actor, run.organizationId(), run.projectId())) {
            throw DomainException.notFound("run " + id);
        }
        return run;
    }

    public RunPage runs(Actor actor, ProjectId projectId, int first, Optional<String> after) {
        OrganizationId organization =
                projects.organizationOf(projectId).orElseThrow(() -> DomainException.notFound("project " + projectId));
        if (!maySee(actor, organization, projectId)) {
            actor.require(organization, Right.READER, "project " + projectId);
        }
        if (first < 1 || first > MAX_PAGE) {
            throw DomainException.validation("'first' must be between 1 and " + MAX_PAGE);
        }
        after.ifPresent(RunCursor::decode);
        return runs.page(projectId, first, after);
    }

    /** Follows the run's events from its first one; READER on its organization (or its project's API key). */
    public RunEventBus.Subscription follow(Actor actor, RunId id, RunEventBus.Listener listener) {
        run(actor, id);
        return bus.subscribe(id, listener);
    }

    private static boolean maySee(Actor actor, OrganizationId organization, ProjectId projectId) {
        if (actor.isApiKey()) {
            return actor.apiKeyProjectId().get().equals(projectId.value());
        }
        return actor.has(organization, Right.READER);
    }
}
