package io.draftnrun.application.run.port;

import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.ProjectId;
import java.util.Objects;
import java.util.Optional;

/** What runs need of projects: a project's organization and the graph version bound to an environment. */
public interface ProjectGraphs {
    Optional<OrganizationId> organizationOf(ProjectId projectId);

    /**
     * What a run of the project on {@code environment} needs, read at once: the project's organization and the graph
     * bound to the environment (empty when none is, e.g. no production yet). Empty when the project does not exist.
     * Implementations may keep graph versions in memory, but must return the bound version's current revision.
     */
    Optional<RunTarget> runTarget(ProjectId projectId, Environment environment);

    /** A project's organization and the graph it runs on an environment. */
    record RunTarget(OrganizationId organization, Optional<GraphVersion> graph) {
        public RunTarget {
            Objects.requireNonNull(organization, "organization");
            Objects.requireNonNull(graph, "graph");
        }
    }
}
