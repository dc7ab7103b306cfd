package io.draftnrun.application.run;

import static org.assertj.core.api.Assertions.assertThat;

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
