package io.draftnrun.adapter.out.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.knowledge.CollectionSpec;
import io.draftnrun.application.knowledge.ScoredPoint;
import io.draftnrun.application.knowledge.VectorFilter;
import io.draftnrun.application.knowledge.VectorPoint;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the embedded store has to show: it survives a restart, takes big vectors, and many threads at once. */
class LuceneVectorStoreBehaviourTest {
    @TempDir
    Path dir;

    @Test
    void collectionsSurviveARestartWithTheirSizeAndFilters() {
        try (LuceneVectorStore store = new LuceneVectorStore(dir)) {
            store.ensureCollection(new CollectionSpec("source_1", 3, List.of("file_id")));
            store.upsert(
                    "source_1",
                    List.of(
                            new VectorPoint("a", new float[] {1, 0, 0}, Map.of("file_id", "f1")),
                            new VectorPoint("b", new float[] {0, 1, 0}, Map.of("file_id", "f2"))));
        }

        try (LuceneVectorStore reopened = new LuceneVectorStore(dir)) {
            assertThat(reopened.collectionExists("source_1")).isTrue();
            assertThat(reopened.count("source_1")).isEqualTo(2);
            List<ScoredPoint> hits =
                    reopened.search("source_1", new float[] {1, 0, 0}, 5, VectorFilter.of(Map.of("file_id", "f2")));
            assertThat(hits).extracting(ScoredPoint::chunkId).containsExactly("b");
            assertThatThrownBy(() ->
                            reopened.upsert("source_1", List.of(new VectorPoint("c", new float[] {1, 1}, null))))
                    .isInstanceOf(DomainException.class)
                    .hasMessageContaining("3");
        }
    }

    @Test
    void anIndexWrittenBeforeKeywordSearchIsReindexedWhenOpened() throws Exception {
        try (LuceneVectorStore store = new LuceneVectorStore(dir)) {
            store.ensureCollection(new CollectionSpec("old", 3, List.of()));
        }
        // as an earlier version wrote it: no text field, no text marker in the commit data
        try (org.apache.lucene.store.Directory directory =
                        org.apache.lucene.store.FSDirectory.open(dir.resolve("old"));
                org.apache.lucene.index.IndexWriter writer = new org.apache.lucene.index.IndexWriter(
                        directory,
                        new org.apache.lucene.index.IndexWriterConfig()
                                .setOpenMode(org.apache.lucene.index.IndexWriterConfig.OpenMode.APPEND))) {
            org.apache.lucene.document.Document doc = LuceneVectorStore.document(
                    "a",
                    new float[] {1, 0, 0},
                    Map.of("content", "Invoice ZX-4471 was paid", "chunk_id", "a"),
                    java.util.Set.of("chunk_id"));
            doc.removeFields(LuceneVectorStore.TEXT);
            writer.addDocument(doc);
            writer.setLiveCommitData(Map.of("draftnrun.dimensions", "3", "draftnrun.keywordFields", "chunk_id")
                    .entrySet());
            writer.commit();
        }
        try (LuceneVectorStore reopened = new LuceneVectorStore(dir)) {
            assertThat(reopened.keywordSearch("old", "invoice ZX-4471", 5, VectorFilter.none()))
                    .extracting(ScoredPoint::chunkId)
                    .containsExactly("a");
            assertThat(reopened.search("old", new float[] {1, 0, 0}, 5, VectorFilter.none()))
                    .extracting(ScoredPoint::chunkId)
                    .containsExactly("a");
        }
    }

    @Test
    void acceptsTheSizeOfLargeOpenAiEmbeddings() {
        try (LuceneVectorStore store = new LuceneVectorStore(dir)) {
            store.ensureCollection(new CollectionSpec("large", 3072, List.of()));
            float[] v = new float[3072];
            v[7] = 1;
            store.upsert("large", List.of(new VectorPoint("a", v, Map.of())));
            assertThat(store.search("large", v, 1, VectorFilter.none()))
                    .extracting(ScoredPoint::chunkId)
                    .containsExactly("a");
        }
    }

    @Test
    void concurrentWritersAndReadersSeeEveryWrite() throws Exception {
        int writers = 4;
        int perWriter = 30;
        try (LuceneVectorStore store = new LuceneVectorStore(dir)) {
            store.ensureCollection(new CollectionSpec("busy", 8, List.of("writer")));
            ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
            try {
                List<Future<?>> tasks = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    tasks.add(pool.submit(() -> {
                        Random random = new Random(writer);
                        for (int i = 0; i < perWriter; i++) {
                            store.upsert(
                                    "busy",
                                    List.of(new VectorPoint(
                                            "w" + writer + "_" + i, randomVector(random), Map.of("writer", (long)
                                                    writer))));
                        }
                    }));
                }
                for (int r = 0; r < 2; r++) {
                    tasks.add(pool.submit(() -> {
                        Random random = new Random(99);
                        for (int i = 0; i < 100; i++) {
                            List<ScoredPoint> hits =
                                    store.search("busy", randomVector(random), 5, VectorFilter.of(Map.of("writer", 1)));
                            assertThat(hits)
                                    .allSatisfy(h -> assertThat(h.chunkId()).startsWith("w1_"));
                        }
                    }));
                }
                for (Future<?> task : tasks) {
                    task.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(store.count("busy")).isEqualTo((long) writers * perWriter);
            assertThat(store.listChunkIds("busy")).hasSize(writers * perWriter).doesNotHaveDuplicates();
        }
    }

    @Test
    void uncommittedPointsReachTheDiskWithTheCommit() throws Exception {
        Path live = dir.resolve("live");
        try (LuceneVectorStore store = new LuceneVectorStore(live)) {
            store.ensureCollection(new CollectionSpec("source_1", 3, List.of("file_id")));
            store.upsertUncommitted(
                    "source_1",
                    List.of(
                            new VectorPoint("a", new float[] {1, 0, 0}, Map.of("file_id", "f1")),
                            new VectorPoint("b", new float[] {0, 1, 0}, Map.of("file_id", "f2"))));
            // what a crash now would leave on disk: the index as last committed
            assertThat(countOnDisk(live, "before")).isZero();

            store.commit("source_1");
            assertThat(store.count("source_1")).isEqualTo(2);
            assertThat(countOnDisk(live, "after")).isEqualTo(2);
        }
    }

    /** Copies the index files as they are on disk now (as a killed process leaves them) and counts the copy's points. */
    private long countOnDisk(Path live, String name) throws Exception {
        Path copy = dir.resolve(name);
        try (var files = java.nio.file.Files.walk(live)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(live.relativize(file).toString());
                if (java.nio.file.Files.isDirectory(file)) {
                    java.nio.file.Files.createDirectories(target);
                } else if (!file.getFileName().toString().equals("write.lock")) {
                    java.nio.file.Files.copy(file, target);
                }
            }
        }
        try (LuceneVectorStore reopened = new LuceneVectorStore(copy)) {
            return reopened.count("source_1");
        }
    }

    @Test
    void aClosedStoreRefusesWork() {
        LuceneVectorStore store = new LuceneVectorStore(dir);
        store.ensureCollection(new CollectionSpec("c", 2, List.of()));
        store.close();
        store.close();

        assertThatThrownBy(() -> store.count("c"))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    private static float[] randomVector(Random random) {
        float[] v = new float[8];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
