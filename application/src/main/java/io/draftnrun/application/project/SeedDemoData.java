package io.draftnrun.application.project;

import io.draftnrun.application.project.port.OrganizationDirectory;
import io.draftnrun.application.project.port.ProjectRepository;
import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.project.Project;
import io.draftnrun.domain.project.ProjectId;
import java.time.Clock;
import java.time.Instant;

/** Seed step: a demo organization with a demo project (an Input start node). Running it again changes nothing. */
public final class SeedDemoData {
    public static final OrganizationId DEMO_ORGANIZATION = OrganizationId.of("0de0de00-0000-4000-8000-000000000001");
    public static final ProjectId DEMO_PROJECT = ProjectId.of("0de0de00-0000-4000-8000-000000000002");

    private final OrganizationDirectory organizations;
    private final ProjectRepository projects;
    private final Clock clock;

    public SeedDemoData(OrganizationDirectory organizations, ProjectRepository projects, Clock clock) {
        this.organizations = organizations;
        this.projects = projects;
        this.clock = clock;
    }

    /** Returns true when something was created. */
    public boolean run() {
        organizations.ensureExists(DEMO_ORGANIZATION, "Demo organization");
        if (projects.find(DEMO_PROJECT).isPresent()) {
            return false;
        }
        Instant now = clock.instant();
        projects.create(
                new Project(DEMO_PROJECT, DEMO_ORGANIZATION, "Demo project", "A first workflow to try", now, now),
                CreateProject.initialGraph(GraphVersionId.random()));
        return true;
    }
}
