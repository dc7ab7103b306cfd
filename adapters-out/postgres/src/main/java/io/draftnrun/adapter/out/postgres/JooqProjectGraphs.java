package io.draftnrun.adapter.out.postgres;

import io.draftnrun.application.run.port.ProjectGraphs;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.Project;
import io.draftnrun.domain.project.ProjectId;
import java.util.Optional;
import org.jooq.DSLContext;

/** What runs read of projects: the owning organization and the graph bound to draft or production. */
public final class JooqProjectGraphs implements ProjectGraphs {
    private final JooqProjectRepository projects;

    public JooqProjectGraphs(DSLContext dsl) {
        this.projects = new JooqProjectRepository(dsl);
    }

    @Override
    public Optional<OrganizationId> organizationOf(ProjectId projectId) {
        return projects.find(projectId).map(Project::organizationId);
    }

    @Override
    public Optional<GraphVersion> boundGraph(ProjectId projectId, Environment environment) {
        if (projects.find(projectId).isEmpty()) {
            return Optional.empty();
        }
        return projects.versions(projectId).of(environment).flatMap(projects::graph);
    }
}
