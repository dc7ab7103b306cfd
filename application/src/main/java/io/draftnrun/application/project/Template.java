package io.draftnrun.application.project;

import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.project.Project;

/** A project of the template organization offered as a starting point, with its production graph. */
public record Template(Project project, GraphVersionId productionGraph) {}
