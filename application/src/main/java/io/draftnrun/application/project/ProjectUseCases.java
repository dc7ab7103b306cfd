package io.draftnrun.application.project;

import io.draftnrun.application.component.ComponentCatalog;
import io.draftnrun.application.project.port.GraphResources;
import io.draftnrun.application.project.port.OrganizationDirectory;
import io.draftnrun.application.project.port.ProjectRepository;
import java.time.Clock;

/** Every use case of the project slice, built once from the slice's ports and settings (what bootstrap wires). */
public record ProjectUseCases(
        ProjectQueries queries,
        CreateProject createProject,
        UpdateProject updateProject,
        DeleteProject deleteProject,
        SaveGraph saveGraph,
        DeployGraph deployGraph,
        PromoteVersion promoteVersion) {

    /**
     * The ports the slice needs.
     *
     * @param resources what a saved graph may refer to (the server's models, the organization's secrets and sources)
     */
    public record Ports(ProjectRepository projects, OrganizationDirectory organizations, GraphResources resources) {}

    /**
     * @param catalog the components a graph may use (checked on save and deploy)
     * @param templates {@code TEMPLATE_ORGANIZATION_ID}: whose deployed projects are templates
     */
    public static ProjectUseCases create(Ports p, ComponentCatalog catalog, TemplateSettings templates, Clock clock) {
        return new ProjectUseCases(
                new ProjectQueries(p.projects(), templates),
                new CreateProject(p.projects(), p.organizations(), templates, clock),
                new UpdateProject(p.projects(), clock),
                new DeleteProject(p.projects()),
                new SaveGraph(p.projects(), catalog, p.resources()),
                new DeployGraph(p.projects(), catalog),
                new PromoteVersion(p.projects()));
    }
}
