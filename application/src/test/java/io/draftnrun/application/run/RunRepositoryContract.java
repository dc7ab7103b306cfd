package io.draftnrun.application.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.run.port.RunInstances;
import io.draftnrun.application.run.port.RunRepository;
import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.llm.ChatMessage;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.run.RunStatus;
import io.draftnrun.domain.trace.TraceId;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every run repository does: stores a run, records its end, pages a project's runs newest first. */
public abstract class RunRepositoryContract {
    protected abstract RunRepository repository();

    /** The instances {@link RunRepository#failAbandoned} consults. */
    protected abstract RunInstances instances();

    private final ProjectId project = ProjectId.random();
    private final OrganizationId org = new OrganizationId(UUID.randomUUID());

    protected Run newRun(Instant at) {
        return new Run(
                RunId.random(),
                project,
                org,
                Environment.PRODUCTION,
                GraphVersionId.random(),
                RunStatus.RUNNING,
                Map.of("messages", List.of(Map.of("role", "user", "content", "Hi")), "lang", "fr", "n", 2L),
                Optional.empty(),
                Optional.empty(),
                TraceId.random(),
                Optional.of(new UserId(UUID.randomUUID())),
                true,
                at.truncatedTo(ChronoUnit.MICROS),
                Optional.empty());
    }

    @Test
    void storesARunAndItsEnd() {
        Run run = newRun(Instant.now());
        repository().insert(run);
        assertThat(repository().find(run.id())).contains(run);

        Payload output = Payload.of(ChatMessage.assistant("Salut")).withArtifact("sources", List.of(Map.of("n", 1L)));
        Instant end = Instant.now().truncatedTo(ChronoUnit.MICROS);
        repository().finish(run.id(), RunStatus.SUCCEEDED, Optional.of(output), Optional.empty(), end);

        Run stored = repository().find(run.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(stored.output().orElseThrow().lastMessageText()).isEqualTo("Salut");
        assertThat(stored.output().orElseThrow().artifacts()).containsKey("sources");
        assertThat(stored.finishedAt()).contains(end);
        assertThat(stored.input()).isEqualTo(run.input());
        assertThat(stored.viaApiKey()).isTrue();

        Run failed = newRun(Instant.now());
        repository().insert(failed);
        repository().finish(failed.id(), RunStatus.FAILED, Optional.empty(), Optional.of("node 'X' failed: boom"), end);
        assertThat(repository().find(failed.id()).orElseThrow().error()).contains("node 'X' failed: boom");
        assertThat(repository().find(RunId.random())).isEmpty();
    }

    @Test
    void aQueuedRunIsClaimedOnceAndARunEndsOnce() {
        InstanceId alive = InstanceId.random();
        instances().register(alive, "host", "1@1");
        Run queued = newRun(Instant.now()).withStatus(RunStatus.QUEUED);
        repository().insert(queued);
        assertThat(repository().executor(queued.id())).isEmpty();

        assertThat(repository().claim(queued.id(), alive)).isTrue();
        assertThat(repository().claim(queued.id(), InstanceId.random())).isFalse();
        assertThat(repository().executor(queued.id())).contains(alive);
        assertThat(repository().find(queued.id()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(repository().endQueued(queued.id(), RunStatus.CANCELLED, "too late", Instant.now()))
                .isFalse();

        Instant end = Instant.now().truncatedTo(ChronoUnit.MICROS);
        assertThat(repository().finish(queued.id(), RunStatus.SUCCEEDED, Optional.empty(), Optional.empty(), end))
                .isTrue();
        assertThat(repository().finish(queued.id(), RunStatus.FAILED, Optional.empty(), Optional.of("late"), end))
                .as("the first end stands")
                .isFalse();
        assertThat(repository().find(queued.id()).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);

        Run cancelled = newRun(Instant.now()).withStatus(RunStatus.QUEUED);
        repository().insert(cancelled);
        assertThat(repository().endQueued(cancelled.id(), RunStatus.CANCELLED, "cancelled", end))
                .isTrue();
        assertThat(repository().claim(cancelled.id(), alive)).isFalse();
        assertThat(repository().find(cancelled.id()).orElseThrow().error()).contains("cancelled");
    }

    @Test
    void abandonedRunsAreFailedOnceAndRunsOfLiveInstancesAreLeftAlone() {
        InstanceId alive = InstanceId.random();
        instances().register(alive, "host", "1@1");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Run running = newRun(now);
        repository().insert(running, Optional.of(alive));
        Run orphan = newRun(now);
        repository().insert(orphan, Optional.of(InstanceId.random())); // an instance that is gone
        Run unowned = newRun(now); // stored before runs recorded their instance
        repository().insert(unowned);
        Run queued = newRun(now).withStatus(RunStatus.QUEUED);
        repository().insert(queued);
        Run overdue = newRun(now.minusSeconds(3600)).withStatus(RunStatus.QUEUED);
        repository().insert(overdue);
        Run retry = new Run(
                RunId.random(),
                project,
                org,
                Environment.DRAFT,
                GraphVersionId.random(),
                RunStatus.FAILED,
                Map.of(),
                Optional.empty(),
                Optional.of("x"),
                TraceId.random(),
                Optional.empty(),
                false,
                now,
                Optional.of(now),
                3,
                Optional.of(orphan.id()));
        repository().insert(retry);
        assertThat(repository().find(retry.id()).orElseThrow()).isEqualTo(retry);

        List<Run> failed =
                repository().failAbandoned(Duration.ofSeconds(30), now.minusSeconds(600), "stopped", "overdue", now);

        assertThat(failed).extracting(Run::id).containsExactlyInAnyOrder(orphan.id(), unowned.id(), overdue.id());
        assertThat(failed).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.FAILED));
        assertThat(repository().find(orphan.id()).orElseThrow().error()).contains("stopped");
        assertThat(repository().find(overdue.id()).orElseThrow().error()).contains("overdue");
        assertThat(repository().find(running.id()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(repository().find(queued.id()).orElseThrow().status()).isEqualTo(RunStatus.QUEUED);
        assertThat(repository().failAbandoned(Duration.ofSeconds(30), now.minusSeconds(600), "s", "o", now))
                .as("failed once")
                .isEmpty();

        instances().deregister(alive);
        assertThat(repository().failAbandoned(Duration.ofSeconds(30), now.minusSeconds(600), "s", "o", now))
                .extracting(Run::id)
                .containsExactly(running.id());
    }

    @Test
    void pagesAProjectsRunsNewestFirst() {
        Instant base = Instant.parse("2025-01-01T00:00:00Z");
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Run run = newRun(base.plusSeconds(i));
            runs.add(run);
            repository().insert(run);
        }
        RunPage first = repository().page(project, 2, Optional.empty());
        assertThat(first.runs())
                .extracting(Run::id)
                .containsExactly(runs.get(4).id(), runs.get(3).id());
        assertThat(first.hasNextPage()).isTrue();
        RunPage second = repository().page(project, 2, first.endCursor());
        assertThat(second.runs())
                .extracting(Run::id)
                .containsExactly(runs.get(2).id(), runs.get(1).id());
        RunPage last = repository().page(project, 2, second.endCursor());
        assertThat(last.runs()).extracting(Run::id).containsExactly(runs.get(0).id());
        assertThat(last.hasNextPage()).isFalse();
    }
}
