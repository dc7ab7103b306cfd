package io.draftnrun.application.knowledge;

import static io.draftnrun.application.knowledge.KnowledgeFixture.ORG;
import static io.draftnrun.application.knowledge.KnowledgeFixture.actor;
import static io.draftnrun.application.knowledge.KnowledgeFixture.document;
import static io.draftnrun.application.knowledge.KnowledgeFixture.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.draftnrun.application.llm.FakeEmbeddingModelProvider;
import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.application.llm.port.EmbeddingModelProvider;
import io.draftnrun.domain.knowledge.ChunkingOptions;
import io.draftnrun.domain.knowledge.FileResult;
import io.draftnrun.domain.knowledge.IngestionTask;
import io.draftnrun.domain.knowledge.IngestionTaskId;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.knowledge.SourceType;
import io.draftnrun.domain.knowledge.TaskStatus;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KnowledgeUseCasesTest {
    private KnowledgeFixture k = new KnowledgeFixture();
    private final Actor developer = actor(Role.DEVELOPER);

    private Source source(String name) {
        return k.filesSource(name);
    }

    private IngestionTask awaitFinished(IngestionTaskId id) {
        k.runQueued();
        return k.awaitFinished(id);
    }

    @Test
    void aSourceRecordsItsModelAndVectorSizeAndGetsItsCollection() {
        Source source = source("Handbook");

        assertThat(source.embeddingModel()).hasToString("local:all-minilm-l6-v2");
        assertThat(source.dimensions()).isEqualTo(16);
        assertThat(k.vectors.collectionExists(source.collection())).isTrue();
        assertThat(k.queries().sources(actor(Role.MEMBER), ORG))
                .extracting(Source::name)
                .containsExactly("Handbook");
        assertThat(new SourceIndexDirectory(k.sources).find(ORG, source.id().value()))
                .contains(new SourceIndexDirectory.Entry(source.collection(), "local:all-minilm-l6-v2", 16));
    }

    @Test
    void rightsAreCheckedPerUseCase() {
        var command = new CreateSource.Command(ORG, "x", SourceType.FILES, Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> k.createSource().handle(actor(Role.MEMBER), command))
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.FORBIDDEN);
        Actor stranger = Actor.user(developer.userId(), "", java.util.Map.of(), false);
        assertThatThrownBy(() -> k.queries().sources(stranger, ORG))
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.NOT_FOUND);
        Source source = source("Docs");
        assertThatThrownBy(() -> k.deleteSource().handle(developer, source.id()))
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.FORBIDDEN);
        assertThatThrownBy(() -> source("docs"))
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void uploadedFilesAreChunkedEmbeddedAndACorruptFileFailsAlone() {
        Source source = source("Docs");
        List<IngestionTask> seen = new CopyOnWriteArrayList<>();
        var subscription = k.queries().watch(actor(Role.MEMBER), ORG, seen::add);

        IngestionTask task = k.uploadFiles()
                .handle(
                        developer,
                        new UploadFiles.Command(
                                source.id(),
                                List.of(file("guide.md", document("Guide", 8)), file("broken.bad", "xx"))));
        IngestionTask done = awaitFinished(task.id());
        subscription.close();

        assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(done.results())
                .extracting(FileResult::name, FileResult::outcome)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("guide.md", FileResult.Outcome.INGESTED),
                        org.assertj.core.groups.Tuple.tuple("broken.bad", FileResult.Outcome.FAILED));
        assertThat(done.resultOf(UploadFiles.fileId(source.id(), "broken.bad"))
                        .orElseThrow()
                        .error())
                .contains("the file is damaged and cannot be read");
        long chunks = k.chunks.count(source.id());
        assertThat(chunks).isGreaterThan(3);
        assertThat(done.chunksDone()).isEqualTo(done.chunksTotal()).isEqualTo((int) chunks);
        assertThat(k.vectors.count(source.collection())).isEqualTo(chunks);
        assertThat(k.blobs.list(ORG + "/" + source.id() + "/")).hasSize(2);
        var hit = k.vectors.search(
                source.collection(),
                k.embeddings.embed(null, null, List.of("Guide part 3")).getFirst(),
                1,
                VectorFilter.none());
        assertThat(hit.getFirst().payload()).containsEntry(ChunkPayload.DOCUMENT_NAME, "guide.md");
        assertThat(hit.getFirst().payload().get(ChunkPayload.PAGE_NUMBERS)).isEqualTo(List.of(1L));
        // progress went up step by step and was announced
        assertThat(seen)
                .extracting(IngestionTask::status)
                .contains(TaskStatus.PENDING, TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED);
        assertThat(seen.stream().map(IngestionTask::chunksDone).distinct().count())
                .isGreaterThan(2);
        assertThat(k.queries()
                        .ingestionTasks(developer, ORG, 10, Optional.empty())
                        .entries())
                .hasSize(1);
    }

    @Test
    void progressWithinAFileIsSavedAtMostOncePerInterval() {
        k.progressInterval = Duration.ofHours(1); // no batch of this file comes an hour after the last save
        Source source = source("Docs");
        List<IngestionTask> seen = new CopyOnWriteArrayList<>();
        var subscription = k.queries().watch(actor(Role.MEMBER), ORG, seen::add);

        IngestionTask task = k.uploadFiles()
                .handle(
                        developer,
                        new UploadFiles.Command(source.id(), List.of(file("guide.md", document("Guide", 8)))));
        IngestionTask done = awaitFinished(task.id());
        subscription.close();

        long chunks = k.chunks.count(source.id());
        assertThat(chunks).as("several batches of 4").isGreaterThan(8);
        assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(done.chunksDone()).isEqualTo(done.chunksTotal()).isEqualTo((int) chunks);
        assertThat(k.vectors.count(source.collection())).isEqualTo(chunks);
        // started at 0, then the file's result with every chunk: no save per batch in between
        assertThat(seen.stream().map(IngestionTask::chunksDone).distinct()).containsExactlyInAnyOrder(0, (int) chunks);
    }

    @Test
    void reingestingTheSameFilesCreatesNoDuplicatesAndSkipsUnchangedFiles() {
        Source source = source("Docs");
        var upload = new UploadFiles.Command(source.id(), List.of(file("a.md", document("Alpha", 6))));
        awaitFinished(k.uploadFiles().handle(developer, upload).id());
        long chunks = k.chunks.count(source.id());

        IngestionTask again =
                awaitFinished(k.uploadFiles().handle(developer, upload).id());
        assertThat(again.results()).extracting(FileResult::outcome).containsExactly(FileResult.Outcome.UNCHANGED);
        assertThat(again.chunksDone()).isEqualTo(again.chunksTotal()).isEqualTo((int) chunks);

        IngestionTask shorter = awaitFinished(k.uploadFiles()
                .handle(developer, new UploadFiles.Command(source.id(), List.of(file("a.md", document("Alpha", 2)))))
                .id());
        assertThat(shorter.results()).extracting(FileResult::outcome).containsExactly(FileResult.Outcome.INGESTED);
        assertThat(k.chunks.count(source.id())).isLessThan(chunks);
        assertThat(k.vectors.count(source.collection())).isEqualTo(k.chunks.count(source.id()));
    }

    @Test
    void deletingASourceRemovesVectorsChunksAndFiles() {
        Source source = source("Docs");
        awaitFinished(k.uploadFiles()
                .handle(developer, new UploadFiles.Command(source.id(), List.of(file("a.md", document("A", 3)))))
                .id());

        k.deleteSource().handle(actor(Role.ADMIN), source.id());

        assertThat(k.vectors.collectionExists(source.collection())).isFalse();
        assertThat(k.chunks.count(source.id())).isZero();
        assertThat(k.blobs.list(ORG + "/" + source.id() + "/")).isEmpty();
        assertThat(k.queries().sources(developer, ORG)).isEmpty();
    }

    @Test
    void badFilesFailAloneAtEveryStageWhileTheGoodOnesAreIngestedAndNothingDeterministicIsRetried() {
        AtomicInteger poisonCalls = new AtomicInteger();
        AtomicInteger flakyCalls = new AtomicInteger();
        FakeEmbeddingModelProvider inner = new FakeEmbeddingModelProvider(16);
        k = new KnowledgeFixture(new EmbeddingModelProvider() {
            @Override
            public List<float[]> embed(ModelReference model, ProviderCredentials credentials, List<String> texts) {
                if (texts.stream().anyMatch(t -> t.contains("POISON"))) {
                    poisonCalls.incrementAndGet();
                    throw DomainException.validation("the model refuses this input");
                }
                if (texts.stream().anyMatch(t -> t.contains("FLAKY")) && flakyCalls.incrementAndGet() == 1) {
                    throw new DomainException(ErrorCode.UNAVAILABLE, "the embedding service is unavailable");
                }
                return inner.embed(model, credentials, texts);
            }

            @Override
            public int dimensions(ModelReference model) {
                return 16;
            }
        });
        k.chunks.refuse = c -> c.content().contains("UNSTORABLE");
        Source source = source("Mixed");
        List<UploadFiles.FileUpload> files = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            files.add(file("good" + i + ".md", document("Good" + i, 3)));
        }
        files.add(file("nul.md", "a\u0000b and a readable sentence about the nul file.")); // cleaned, ingested
        files.add(file("broken.bad", "xx")); // parse
        files.add(file("empty.md", "")); // chunk: no text
        files.add(file("store.md", "UNSTORABLE text the chunk store refuses.")); // store
        files.add(file("embed.md", "POISON text the model refuses.")); // embed
        files.add(file("flaky.md", "FLAKY text: the model is down once, then answers.")); // transient: retried
        IngestionTask task = k.uploadFiles().handle(developer, new UploadFiles.Command(source.id(), files));
        k.runQueued();

        await("the task ends")
                .atMost(Duration.ofSeconds(30))
                .until(() -> k.tasks.find(task.id()).orElseThrow().status().finished());
        IngestionTask done = k.tasks.find(task.id()).orElseThrow();

        assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
        java.util.Map<String, FileResult> results = new java.util.HashMap<>();
        done.results().forEach(r -> results.put(r.name(), r));
        assertThat(results).hasSize(11);
        for (String good : List.of("good1.md", "good2.md", "good3.md", "good4.md", "good5.md", "nul.md", "flaky.md")) {
            assertThat(results.get(good).outcome()).as(good).isEqualTo(FileResult.Outcome.INGESTED);
        }
        assertThat(results.get("broken.bad").error()).contains("the file is damaged and cannot be read");
        assertThat(results.get("empty.md").error()).contains("the file holds no text");
        assertThat(results.get("store.md").error().orElseThrow()).startsWith("storing its chunks failed");
        assertThat(results.get("embed.md").error().orElseThrow())
                .isEqualTo("embedding failed: the model refuses this input");
        assertThat(poisonCalls.get())
                .as("a deterministic failure is not retried")
                .isEqualTo(1);
        assertThat(flakyCalls.get()).as("an outage is retried").isGreaterThanOrEqualTo(2);
        // the failed files left no chunk or vector behind; the NUL is gone from what was stored
        assertThat(k.chunks.chunks(source.id()))
                .extracting(StoredChunk::documentName)
                .doesNotContain("store.md", "embed.md", "broken.bad", "empty.md");
        assertThat(k.chunks.chunks(source.id()))
                .filteredOn(c -> c.documentName().equals("nul.md"))
                .singleElement()
                .satisfies(c -> assertThat(c.content()).contains("ab and a readable sentence"));
        assertThat(k.vectors.count(source.collection())).isEqualTo(k.chunks.count(source.id()));
        assertThat(done.chunksDone()).isEqualTo(done.chunksTotal()).isEqualTo((int) k.chunks.count(source.id()));
    }

    @Test
    void aFileFailingOnAnUnexpectedErrorFailsAloneAndIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        k = new KnowledgeFixture(new EmbeddingModelProvider() {
            @Override
            public List<float[]> embed(ModelReference model, ProviderCredentials credentials, List<String> texts) {
                calls.incrementAndGet();
                throw new IllegalStateException("boom");
            }

            @Override
            public int dimensions(ModelReference model) {
                return 16;
            }
        });
        Source source = source("AllFail");
        IngestionTask task = k.uploadFiles()
                .handle(developer, new UploadFiles.Command(source.id(), List.of(file("a.md", "# A\n\nsome text"))));

        IngestionTask done = awaitFinished(task.id());

        assertThat(done.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(done.results())
                .singleElement()
                .satisfies(r -> assertThat(r.error().orElseThrow())
                        .isEqualTo("embedding failed: an unexpected error (IllegalStateException)"));
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void theSubscriptionNeverRepeatsAnIdenticalEventForATask() {
        Source source = source("Dedupe");
        List<IngestionTask> seen = new CopyOnWriteArrayList<>();
        var subscription = k.queries().watch(actor(Role.MEMBER), ORG, seen::add);
        IngestionTask task = k.uploadFiles()
                .handle(developer, new UploadFiles.Command(source.id(), List.of(file("a.md", document("A", 6)))));
        k.updates.publish(ORG, task.id()); // announced again, unchanged
        k.tasks.save(task.touched(task.updatedAt().plusSeconds(5))); // only touched by a sweep
        k.updates.publish(ORG, task.id());
        assertThat(seen).hasSize(1);

        awaitFinished(task.id());
        k.updates.publish(ORG, task.id()); // the final state announced twice
        subscription.close();

        assertThat(seen.getLast().status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(seen.size()).isGreaterThan(3);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i).touched(java.time.Instant.EPOCH))
                    .as("event %d repeats event %d", i, i - 1)
                    .isNotEqualTo(seen.get(i - 1).touched(java.time.Instant.EPOCH));
        }
    }

    @Test
    void aSourcesDocumentsAndTheirChunksArePagedForReadersAndHiddenFromOutsiders() {
        Source source = source("Listed");
        List<UploadFiles.FileUpload> files = new ArrayList<>();
        for (String name : List.of("c.md", "a.md", "b.md")) {
            files.add(file(name, document(name, 6)));
        }
        IngestionTask task = k.uploadFiles().handle(developer, new UploadFiles.Command(source.id(), files));
        awaitFinished(task.id());
        Actor reader = actor(Role.MEMBER);

        DocumentPage first = k.queries().documents(reader, source.id(), 2, Optional.empty());
        assertThat(first.entries()).extracting(e -> e.document().name()).containsExactly("a.md", "b.md");
        assertThat(first.hasNextPage()).isTrue();
        DocumentPage second = k.queries()
                .documents(
                        reader,
                        source.id(),
                        2,
                        Optional.of(first.entries().getLast().cursor()));
        assertThat(second.entries()).extracting(e -> e.document().name()).containsExactly("c.md");
        assertThat(second.hasNextPage()).isFalse();

        DocumentPage.Document a = first.entries().getFirst().document();
        assertThat(a.chunkCount()).isGreaterThan(2);
        List<Integer> indexes = new ArrayList<>();
        Optional<String> after = Optional.empty();
        ChunkPage page;
        do {
            page = k.queries().chunks(reader, a.id(), 2, after);
            page.entries().forEach(e -> indexes.add(e.chunk().index()));
            after = page.entries().isEmpty()
                    ? after
                    : Optional.of(page.entries().getLast().cursor());
        } while (page.hasNextPage());
        assertThat(indexes).hasSize(a.chunkCount()).isSorted().doesNotHaveDuplicates();

        Actor outsider = Actor.user(
                new io.draftnrun.domain.organization.UserId(java.util.UUID.randomUUID()),
                "",
                java.util.Map.of(),
                false);
        assertThatThrownBy(() -> k.queries().documents(outsider, source.id(), 2, Optional.empty()))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> k.queries().chunks(outsider, a.id(), 2, Optional.empty()))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(e.getMessage()).contains("document " + a.id());
                });
        assertThatThrownBy(() -> k.queries().chunks(outsider, "no-such-document", 2, Optional.empty()))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> k.queries().documents(reader, source.id(), 2, Optional.of("garbage")))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION));
    }

    @Test
    void eachSourceIsChunkedWithItsOwnSizesWhichWritersCanChange() {
        Source small = k.createSource()
                .handle(
                        developer,
                        new CreateSource.Command(
                                ORG,
                                "Small",
                                SourceType.FILES,
                                Optional.empty(),
                                Optional.empty(),
                                CreateSource.chunking(32, null)));
        assertThat(small.chunking()).isEqualTo(new ChunkingOptions(32, 4));
        Source plain = k.createSource()
                .handle(
                        developer,
                        new CreateSource.Command(ORG, "Plain", SourceType.FILES, Optional.empty(), Optional.empty()));
        assertThat(plain.chunking()).isEqualTo(ChunkingOptions.DEFAULT);
        String text = document("Guide", 8);
        awaitFinished(k.uploadFiles()
                .handle(developer, new UploadFiles.Command(small.id(), List.of(file("guide.md", text))))
                .id());
        awaitFinished(k.uploadFiles()
                .handle(developer, new UploadFiles.Command(plain.id(), List.of(file("guide.md", text))))
                .id());
        long smallChunks = k.chunks.count(small.id());
        assertThat(smallChunks).isGreaterThan(k.chunks.count(plain.id()));

        UpdateSourceChunking update = new UpdateSourceChunking(k.sources, k.clock);
        Source changed = update.handle(developer, new UpdateSourceChunking.Command(small.id(), 512, 0));
        assertThat(changed.chunking()).isEqualTo(new ChunkingOptions(512, 0));
        assertThat(k.sources.find(small.id()).orElseThrow().chunking()).isEqualTo(new ChunkingOptions(512, 0));
        awaitFinished(k.uploadFiles()
                .handle(developer, new UploadFiles.Command(small.id(), List.of(file("guide.md", text + "\nMore."))))
                .id());
        assertThat(k.chunks.count(small.id())).isLessThan(smallChunks);

        assertThatThrownBy(() -> update.handle(developer, new UpdateSourceChunking.Command(small.id(), 8, 0)))
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.VALIDATION);
        assertThatThrownBy(() -> update.handle(developer, new UpdateSourceChunking.Command(small.id(), 256, 200)))
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.VALIDATION);
        assertThatThrownBy(() -> CreateSource.chunking(100_000, null))
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.VALIDATION);
        assertThatThrownBy(() -> update.handle(actor(Role.MEMBER), new UpdateSourceChunking.Command(small.id(), 64, 8)))
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.FORBIDDEN);
        Actor stranger = Actor.user(developer.userId(), "", java.util.Map.of(), false);
        assertThatThrownBy(() -> update.handle(stranger, new UpdateSourceChunking.Command(small.id(), 64, 8)))
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.NOT_FOUND);
    }
}
