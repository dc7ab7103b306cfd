package io.draftnrun.application.run;

import io.draftnrun.application.run.port.ProjectGraphs;
import io.draftnrun.application.shared.ChangeAwareCache;
import io.draftnrun.application.shared.port.DataChanges;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.ProjectId;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps the run targets of projects in memory (what every run reads before it starts: a database round trip on the
 * way of every answer) while the feed of data changes is live; a project's targets are forgotten as soon as one of its
 * graph versions is saved, deployed or deleted, or the project deleted, on any instance. A project that does not exist
 * is not kept.
 */
public final class CachedProjectGraphs implements ProjectGraphs {
    private record Key(ProjectId project, Environment environment) {}

    private final ProjectGraphs delegate;
    private final ChangeAwareCache<Key, Optional<RunTarget>> targets;

    public CachedProjectGraphs(ProjectGraphs delegate, DataChanges changes, Clock clock, Duration keepFor) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.targets = new ChangeAwareCache<>(clock, keepFor, 10_000);
        changes.subscribe(targets.listener(this::changed));
    }

    @Override
    public Optional<OrganizationId> organizationOf(ProjectId projectId) {
        return delegate.organizationOf(projectId);
    }

    @Override
    public Optional<RunTarget> runTarget(ProjectId projectId, Environment environment) {
        return targets.get(
                new Key(projectId, environment), () -> delegate.runTarget(projectId, environment), Optional::isPresent);
    }

    private void changed(DataChanges.Change change) {
        Optional<ProjectId> touched;
        switch (change) {
            case DataChanges.Change.ProjectChanged(Optional<ProjectId> project) -> touched = project;
            case DataChanges.Change.GraphChanged(Optional<ProjectId> project) -> touched = project;
            case DataChanges.Change.ApiKeyChanged ignored -> {
                return;
            }
            case DataChanges.Change.UserChanged ignored -> {
                return;
            }
        }
        touched.ifPresentOrElse(
                project -> targets.forgetIf((key, target) -> key.project().equals(project)), targets::forgetAll);
    }

    /** Targets kept now (for tests). */
    int kept() {
        return targets.size();
    }
}
