package io.draftnrun.application.project;

import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.project.Binding;
import io.draftnrun.domain.project.ProjectId;

/** A graph version with the project it belongs to and what it is to that project. */
public record GraphDetails(GraphVersion graph, ProjectId projectId, Binding binding) {}
