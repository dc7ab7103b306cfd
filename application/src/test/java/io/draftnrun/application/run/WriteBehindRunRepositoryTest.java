package io.draftnrun.application.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.run.RunStatus;
import io.draftnrun.domain.trace.TraceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class WriteBehindRunRepositoryTest {
    private final InMemoryRunRepository stored = new InMemoryRunRepository();
    private final ProjectId project = ProjectId.random();
    private final InstanceId instance = InstanceId.random();

    private Run run(RunStatus status) {
        return new Run(
                RunId.random(),
                project,
                new OrganizationId(UUID.randomUUID()),
                Environment.DRAFT,
                GraphVersionId.random(),
                status,
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                TraceId.random(),
                Optional.empty(),
                false,
                Instant.now(),
                Optional.empty(),
                1,
                Optional.empty());
    }

    private static boolean finish(WriteBehindRunRepository runs, Run run, RunStatus status) {
        return runs.finish(run.id(), status, Optional.of(Payload.assistant("done")), Optional.empty(), Instant.now());
    }

    private static void await(Callable<Boolean> condition) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(condition);
    }

    @Test
    void aRunThatEndsWithinTheDelayIsReadFromMemoryThenWrittenOnceFinished() throws Exception {
        try (WriteBehindRunRepository runs =
                new WriteBehindRunRepository(stored, Duration.ofMinutes(1), Clock.systemUTC())) {
            Run running = run(RunStatus.RUNNING);
            runs.insert(running, Optional.of(instance));
            assertThat(runs.find(running.id())).contains(running);
            assertThat(runs.executor(running.id())).contains(instance);
            assertThat(stored.find(running.id())).isEmpty();
            assertThat(runs.page(project, 10, Optional.empty()).runs()).isEmpty();

            CountDownLatch database = stored.holdWrites();
            assertThat(finish(runs, running, RunStatus.SUCCEEDED)).isTrue(); // answered before it is written
            assertThat(runs.find(running.id()).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(stored.find(running.id())).isEmpty();

            database.countDown();
            assertThat(runs.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(runs.held()).isZero();
            assertThat(stored.writes()).containsExactly("insert SUCCEEDED");
            assertThat(stored.executor(running.id())).contains(instance);
            assertThat(runs.page(project, 10, Optional.empty()).runs())
                    .extracting(Run::status)
                    .containsExactly(RunStatus.SUCCEEDED);
        }
    }

    @Test
    void aRunStillGoingAfterTheDelayIsInsertedRunningThenItsEndIsAnUpdate() {
        try (WriteBehindRunRepository runs =
                new WriteBehindRunRepository(stored, Duration.ofMillis(1), Clock.systemUTC())) {
            Run running = run(RunStatus.RUNNING);
            runs.insert(running, Optional.of(instance));
            await(() -> stored.find(running.id()).isPresent());
            await(() -> runs.held() == 0);
            assertThat(finish(runs, running, RunStatus.SUCCEEDED)).isTrue();
            assertThat(stored.writes()).containsExactly("insert RUNNING", "finish SUCCEEDED");
        }
    }

    @Test
    void anInsertedRunEndedElsewhereIsNotEndedAgain() {
        try (WriteBehindRunRepository runs = new WriteBehindRunRepository(stored, Duration.ZERO, Clock.systemUTC())) {
            Run running = run(RunStatus.RUNNING);
            runs.insert(running, Optional.of(instance));
            await(() -> stored.find(running.id()).isPresent());
            assertThat(stored.finish(
                            running.id(), RunStatus.CANCELLED, Optional.empty(), Optional.of("x"), Instant.now()))
                    .isTrue();
            assertThat(finish(runs, running, RunStatus.SUCCEEDED)).isFalse();
            assertThat(runs.find(running.id()).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
        }
    }

    @Test
    void queuedRunsAreStoredAtOnce() {
        try (WriteBehindRunRepository runs =
                new WriteBehindRunRepository(stored, Duration.ofMinutes(1), Clock.systemUTC())) {
            Run queued = run(RunStatus.QUEUED);
            runs.insert(queued);
            assertThat(stored.find(queued.id())).contains(queued);
            assertThat(runs.held()).isZero();
        }
    }

    @Test
    void closingStopsTheSweeperAndStoresTheRunsStillGoing() {
        WriteBehindRunRepository runs = new WriteBehindRunRepository(stored, Duration.ofMinutes(1), Clock.systemUTC());
        Run running = run(RunStatus.RUNNING);
        runs.insert(running, Optional.of(instance));
        assertThat(runs.sweeping()).isTrue();

        runs.close();

        assertThat(stored.find(running.id()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(stored.executor(running.id())).contains(instance);
        assertThat(runs.held()).isZero();
        assertThat(runs.sweeping()).isFalse();
        assertThat(finish(runs, running, RunStatus.SUCCEEDED)).isTrue(); // an end after closing is an update
        assertThat(stored.writes()).containsExactly("insert RUNNING", "finish SUCCEEDED");

        Run late = run(RunStatus.RUNNING); // closed: nothing is held any more
        runs.insert(late, Optional.of(instance));
        assertThat(stored.find(late.id())).contains(late);
        assertThat(runs.held()).isZero();
    }
}
