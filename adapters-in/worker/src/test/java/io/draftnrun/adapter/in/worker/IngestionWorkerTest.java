package io.draftnrun.adapter.in.worker;

import static io.draftnrun.application.knowledge.KnowledgeFixture.ORG;
import static io.draftnrun.application.knowledge.KnowledgeFixture.actor;
import static io.draftnrun.application.knowledge.KnowledgeFixture.document;
import static io.draftnrun.application.knowledge.KnowledgeFixture.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.draftnrun.application.knowledge.KnowledgeFixture;
import io.draftnrun.application.knowledge.RequeuePendingTasks;
import io.draftnrun.application.knowledge.StoredChunk;
import io.draftnrun.application.knowledge.UploadFiles;
import io.draftnrun.application.llm.FakeEmbeddingModelProvider;
import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.application.llm.port.EmbeddingModelProvider;
import io.draftnrun.application.shared.port.Metrics;
import io.draftnrun.domain.knowledge.IngestionTask;
import io.draftnrun.domain.knowledge.IngestionTaskId;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.knowledge.TaskStatus;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ingestion worker on the knowledge slice's fakes: slots, leases, take-over after a stop, the sweeper. */
class IngestionWorkerTest {
    private KnowledgeFixture k = new KnowledgeFixture();
    private final Actor developer = actor(Role.DEVELOPER);
    private final List<IngestionWorker> workers = new ArrayList<>();

    @AfterEach
    void stop() {
        workers.forEach(IngestionWorker::close);
    }

    private IngestionWorker worker(String name, int maxConcurrent, Duration reclaimIdle) {
        return start(new IngestionWorker.Settings(
                name,
                maxConcurrent,
                Duration.ofMillis(50),
                reclaimIdle,
                Duration.ofMinutes(5),
                5,
                Duration.ofSeconds(5)));
    }

    private IngestionWorker start(IngestionWorker.Settings settings) {
        IngestionWorker worker = new IngestionWorker(
                k.queue, k.pipeline(), new RequeuePendingTasks(k.tasks, k.queue, k.clock), settings, Metrics.NOOP);
        workers.add(worker);
        return worker.start();
    }

    private Source source(String name) {
        return k.filesSource(name);
    }

    private IngestionTask awaitFinished(IngestionTaskId id) {
        return k.awaitFinished(id);
    }

    @Test
    void withMoreTasksThanSlotsEveryTaskCompletesAndAtMostMaxRunAtOnce() {
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        FakeEmbeddingModelProvider inner = new FakeEmbeddingModelProvider(16);
        k = new KnowledgeFixture(new EmbeddingModelProvider() {
            @Override
            public List<float[]> embed(ModelReference model, ProviderCredentials credentials, List<String> texts) {
                peak.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(5); // a slow model, so tasks overlap
                    return inner.embed(model, credentials, texts);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    concurrent.decrementAndGet();
                }
            }

            @Override
            public int dimensions(ModelReference model) {
                return 16;
            }
        });
        Source source = source("Many");
        List<IngestionTaskId> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(k.uploadFiles()
                    .handle(
                            developer,
                            new UploadFiles.Command(source.id(), List.of(file("f" + i + ".md", document("T" + i, 4)))))
                    .id());
        }
        worker("w1", 2, Duration.ofSeconds(30));

        for (IngestionTaskId id : ids) {
            assertThat(awaitFinished(id).status()).isEqualTo(TaskStatus.COMPLETED);
        }
        assertThat(peak.get()).isLessThanOrEqualTo(2);
        assertThat(k.queue.pendingCount()).isZero();
        assertThat(k.vectors.count(source.collection())).isEqualTo(k.chunks.count(source.id()));
    }

    @Test
    void aWorkerStoppedMidTaskLeavesItToAnotherThatFinishesWithNoLostOrDuplicateChunks() throws Exception {
        CountDownLatch midway = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        FakeEmbeddingModelProvider inner = new FakeEmbeddingModelProvider(16);
        k = new KnowledgeFixture(new EmbeddingModelProvider() {
            @Override
            public List<float[]> embed(ModelReference model, ProviderCredentials credentials, List<String> texts) {
                if (calls.incrementAndGet() == 3) {
                    midway.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return inner.embed(model, credentials, texts);
            }

            @Override
            public int dimensions(ModelReference model) {
                return 16;
            }
        });
        Source source = source("Restart");
        IngestionWorker first = worker("first", 1, Duration.ofMillis(300));
        IngestionTask task = k.uploadFiles()
                .handle(
                        developer,
                        new UploadFiles.Command(
                                source.id(),
                                List.of(file("a.md", document("Alpha", 10)), file("b.md", document("Beta", 10)))));

        assertThat(midway.await(10, TimeUnit.SECONDS)).isTrue();
        Thread killer = Thread.ofVirtual().start(first::kill);
        await("the first worker is stopping").atMost(Duration.ofSeconds(5)).until(first::stopping);
        release.countDown();
        killer.join(10_000);
        IngestionTask halfway = k.tasks.find(task.id()).orElseThrow();
        assertThat(halfway.status()).isEqualTo(TaskStatus.IN_PROGRESS);
        assertThat(halfway.chunksDone()).isPositive().isLessThan(halfway.chunksTotal());
        assertThat(k.queue.pendingCount()).isEqualTo(1);

        worker("second", 1, Duration.ofMillis(300));
        IngestionTask done = awaitFinished(task.id());

        assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(done.chunksDone()).isEqualTo(done.chunksTotal());
        List<String> stored =
                k.chunks.chunks(source.id()).stream().map(StoredChunk::chunkId).toList();
        assertThat(stored).doesNotHaveDuplicates().hasSize(done.chunksTotal());
        assertThat(k.vectors.listChunkIds(source.collection())).containsExactlyInAnyOrderElementsOf(stored);
        await("the job is acknowledged").atMost(Duration.ofSeconds(5)).until(() -> k.queue.pendingCount() == 0);
    }

    @Test
    void aTaskLeftPendingInTheDatabaseIsQueuedByTheSweeper() {
        Source source = source("Swept");
        IngestionTask task = IngestionTask.pending(
                IngestionTaskId.random(), ORG, source.id(), source.name(), List.of(), java.time.Instant.EPOCH);
        k.tasks.create(task); // as if the queue had been down when it was uploaded
        start(new IngestionWorker.Settings(
                "sweeper",
                1,
                Duration.ofMillis(50),
                Duration.ofSeconds(30),
                Duration.ofMillis(200),
                5,
                Duration.ofSeconds(1)));

        assertThat(awaitFinished(task.id()).status()).isEqualTo(TaskStatus.COMPLETED);
    }
}
