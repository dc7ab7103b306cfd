package io.draftnrun.application.run.port;

import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.ProjectId;
import java.util.Optional;

/** What runs need of projects: a project's organization and the graph version bound to an environment. */
public interface ProjectGraphs {
    Optional<OrganizationId> organizationOf(ProjectId projectId);

    /** The graph version the project runs on {@code environment}, empty when none is bound (no production yet). */
    Optional<GraphVersion> boundGraph(ProjectId projectId, Environment environment);
}
