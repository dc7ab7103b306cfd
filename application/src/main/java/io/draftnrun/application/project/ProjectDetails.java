package io.draftnrun.application.project;

import io.draftnrun.domain.project.Project;
import io.draftnrun.domain.project.ProjectVersions;

/** A project with its draft, production and history versions. */
public record ProjectDetails(Project project, ProjectVersions versions) {}
