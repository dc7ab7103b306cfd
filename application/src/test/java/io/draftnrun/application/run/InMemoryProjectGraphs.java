package io.draftnrun.application.run;

import io.draftnrun.application.run.port.ProjectGraphs;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.ProjectId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Projects with their organization and the graph bound to each environment. */
public final class InMemoryProjectGraphs implements ProjectGraphs {
    private final Map<ProjectId, OrganizationId> organizations = new ConcurrentHashMap<>();
    private final Map<String, GraphVersion> graphs = new ConcurrentHashMap<>();

    public InMemoryProjectGraphs put(
            ProjectId project, OrganizationId organization, Environment environment, GraphVersion graph) {
        organizations.put(project, organization);
        graphs.put(project + "/" + environment, graph);
        return this;
    }

    @Override
    public Optional<OrganizationId> organizationOf(ProjectId projectId) {
        return Optional.ofNullable(organizations.get(projectId));
    }

    @Override
    public Optional<RunTarget> runTarget(ProjectId projectId, Environment environment) {
        return organizationOf(projectId)
                .map(organization ->
                        new RunTarget(organization, Optional.ofNullable(graphs.get(projectId + "/" + environment))));
    }
}
