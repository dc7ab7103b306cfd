package io.draftnrun.application.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.run.port.ProjectGraphs;
import io.draftnrun.application.shared.ManualDataChanges;
import io.draftnrun.application.shared.port.DataChanges.Change.GraphChanged;
import io.draftnrun.application.shared.port.DataChanges.Change.ProjectChanged;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.ProjectId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachedProjectGraphsTest {
    private final InMemoryProjectGraphs store = new InMemoryProjectGraphs();
    private final AtomicInteger reads = new AtomicInteger();
    private final ManualDataChanges changes = new ManualDataChanges().goLive();
    private final CachedProjectGraphs cached = new CachedProjectGraphs(
            new ProjectGraphs() {
                @Override
                public Optional<OrganizationId> organizationOf(ProjectId projectId) {
                    return store.organizationOf(projectId);
                }

                @Override
                public Optional<RunTarget> runTarget(ProjectId projectId, Environment environment) {
                    reads.incrementAndGet();
                    return store.runTarget(projectId, environment);
                }
            },
            changes,
            Clock.systemUTC(),
            Duration.ofMinutes(1));
    private final ProjectId project = new ProjectId(UUID.randomUUID());
    private final OrganizationId org = new OrganizationId(UUID.randomUUID());

    private static GraphVersion graph(long revision) {
        return new GraphVersion(GraphVersionId.random(), revision, List.of(), List.of(), List.of());
    }

    private long revision() {
        return cached.runTarget(project, Environment.DRAFT)
                .orElseThrow()
                .graph()
                .orElseThrow()
                .revision();
    }

    @Test
    void aProjectsTargetIsReadOnceUntilOneOfItsGraphsChanges() {
        store.put(project, org, Environment.DRAFT, graph(1));
        assertThat(revision()).isEqualTo(1);
        store.put(project, org, Environment.DRAFT, graph(2)); // saved, not yet announced
        assertThat(revision()).isEqualTo(1);
        assertThat(reads).hasValue(1);

        changes.announce(new GraphChanged(Optional.of(new ProjectId(UUID.randomUUID())))); // another project's save
        assertThat(revision()).isEqualTo(1);
        changes.announce(new GraphChanged(Optional.of(project)));
        assertThat(revision()).isEqualTo(2);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aDeletedProjectIsForgottenAndAnUnknownOneNeverKept() {
        ProjectId unknown = new ProjectId(UUID.randomUUID());
        assertThat(cached.runTarget(unknown, Environment.DRAFT)).isEmpty();
        store.put(unknown, org, Environment.DRAFT, graph(1)); // created since: found at once
        assertThat(cached.runTarget(unknown, Environment.DRAFT)).isPresent();

        store.put(project, org, Environment.PRODUCTION, graph(1));
        cached.runTarget(project, Environment.PRODUCTION);
        cached.runTarget(project, Environment.DRAFT);
        assertThat(cached.kept()).isEqualTo(3);
        changes.announce(new ProjectChanged(Optional.of(project)));
        assertThat(cached.kept()).isEqualTo(1);
    }

    @Test
    void whileTheFeedIsDownEveryRunReadsTheDatabase() {
        store.put(project, org, Environment.DRAFT, graph(1));
        revision();
        changes.lose();
        store.put(project, org, Environment.DRAFT, graph(2));
        assertThat(revision()).isEqualTo(2);
        revision();
        assertThat(reads).hasValue(3);
        changes.goLive();
        revision();
        revision();
        assertThat(reads).hasValue(4);
    }
}
