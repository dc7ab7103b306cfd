package io.draftnrun.application.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.draftnrun.application.knowledge.port.VectorStore;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link VectorStore} must do, run against the in-memory fake and each adapter. Subclasses say how to make
 * the store; each test works in collections of its own (random names, deleted afterwards), so the contract can also
 * run against a shared real server.
 */
public abstract class VectorStoreContract {
    private static final int DIM = 4;

    protected VectorStore store;
    private final List<String> created = new ArrayList<>();

    /** A new store, or a new client on a server that the subclass started. */
    protected abstract VectorStore createStore() throws Exception;

    /** Releases the store; by default closes it when it is {@link AutoCloseable}. */
    protected void closeStore(VectorStore store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** Whether the store implements {@link VectorStore#keywordSearch}; the others must refuse it clearly. */
    protected boolean supportsKeywordSearch() {
        return true;
    }

    @BeforeEach
    void openStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    void dropCollectionsAndClose() throws Exception {
        try {
            for (String name : created) {
                store.deleteCollection(name);
            }
        } finally {
            closeStore(store);
        }
    }

    protected String newCollection(String... keywordFields) {
        return newCollection(DIM, keywordFields);
    }

    protected String newCollection(int dimensions, String... keywordFields) {
        String name =
                "contract_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        created.add(name);
        store.ensureCollection(new CollectionSpec(name, dimensions, List.of(keywordFields)));
        return name;
    }

    protected static VectorPoint point(String id, Map<String, Object> payload, float... vector) {
        return new VectorPoint(id, vector, payload);
    }

    private static List<String> ids(List<ScoredPoint> hits) {
        return hits.stream().map(ScoredPoint::chunkId).toList();
    }

    private static void assertFails(ErrorCode code, Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOf(DomainException.class)
                .satisfies(e -> assertThat(((DomainException) e).code()).isEqualTo(code));
    }

    @Test
    void searchReturnsNearestFirstWithCosineSimilarity() {
        String c = newCollection();
        store.upsert(
                c,
                List.of(
                        point("same", Map.of(), 2, 0, 0, 0), // same direction, another length: cosine 1
                        point("diagonal", Map.of(), 1, 1, 0, 0), // cosine 0.7071
                        point("orthogonal", Map.of(), 0, 0, 3, 0), // cosine 0
                        point("opposite", Map.of(), -1, 0, 0, 0))); // cosine -1

        List<ScoredPoint> hits = store.search(c, new float[] {5, 0, 0, 0}, 10, VectorFilter.none());

        assertThat(ids(hits)).containsExactly("same", "diagonal", "orthogonal", "opposite");
        assertThat(hits.get(0).score()).isCloseTo(1.0, within(1e-4));
        assertThat(hits.get(1).score()).isCloseTo(Math.sqrt(0.5), within(1e-4));
        assertThat(hits.get(2).score()).isCloseTo(0.0, within(1e-4));
        assertThat(hits.get(3).score()).isCloseTo(-1.0, within(1e-4));
    }

    @Test
    void pointsWrittenUncommittedAreFoundOnceCommitted() {
        String c = newCollection("file_id");
        store.upsertUncommitted(c, List.of(point("a", Map.of("file_id", "f1"), 1, 0, 0, 0)));
        store.upsertUncommitted(
                c, List.of(point("b", Map.of("file_id", "f2"), 0, 1, 0, 0), point("a", Map.of(), 0, 0, 1, 0)));
        store.commit(c);

        assertThat(store.count(c)).isEqualTo(2);
        assertThat(ids(store.search(c, new float[] {0, 0, 1, 0}, 1, VectorFilter.none())))
                .containsExactly("a"); // replaced by the later write
        assertThat(ids(store.search(c, new float[] {1, 0, 0, 0}, 5, VectorFilter.of(Map.of("file_id", "f2")))))
                .containsExactly("b");
    }

    @Test
    void searchKeepsOnlyTheLimitBest() {
        String c = newCollection();
        List<VectorPoint> points = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            points.add(point("p" + i, Map.of(), 1, i, 0, 0));
        }
        store.upsert(c, points);

        assertThat(ids(store.search(c, new float[] {1, 0, 0, 0}, 3, VectorFilter.none())))
                .containsExactly("p0", "p1", "p2");
    }

    @Test
    void filterOnOneFieldMatchesAnyListedValue() {
        String c = newCollection("file_id");
        store.upsert(
                c,
                List.of(
                        point("a", Map.of("file_id", "f1"), 1, 0, 0, 0),
                        point("b", Map.of("file_id", "f2"), 1, 0.1f, 0, 0),
                        point("c", Map.of("file_id", "f3"), 1, 0.2f, 0, 0)));

        List<ScoredPoint> hits =
                store.search(c, new float[] {1, 0, 0, 0}, 10, VectorFilter.of(Map.of("file_id", List.of("f3", "f1"))));
        assertThat(ids(hits)).containsExactly("a", "c");

        assertThat(ids(store.search(c, new float[] {1, 0, 0, 0}, 10, VectorFilter.of(Map.of("file_id", "f2")))))
                .containsExactly("b");
    }

    @Test
    void filtersOnTwoFieldsMustBothMatch() {
        String c = newCollection("file_id", "lang");
        store.upsert(
                c,
                List.of(
                        point("a", Map.of("file_id", "f1", "lang", "fr"), 1, 0, 0, 0),
                        point("b", Map.of("file_id", "f1", "lang", "en"), 1, 0.1f, 0, 0),
                        point("c", Map.of("file_id", "f2", "lang", "fr"), 1, 0.2f, 0, 0),
                        point("d", Map.of("file_id", "f3", "lang", "de"), 1, 0.3f, 0, 0)));

        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("file_id", List.of("f1", "f2"));
        filter.put("lang", List.of("fr", "de"));
        assertThat(ids(store.search(c, new float[] {1, 0, 0, 0}, 10, VectorFilter.of(filter))))
                .containsExactly("a", "c");
    }

    @Test
    void filterMatchesIntegersAndListValuedPayloadFields() {
        String c = newCollection("year", "tags");
        store.upsert(
                c,
                List.of(
                        point("a", Map.of("year", 2023, "tags", List.of("hr", "policy")), 1, 0, 0, 0),
                        point("b", Map.of("year", 2024, "tags", List.of("finance")), 1, 0.1f, 0, 0),
                        point("c", Map.of("year", 2024L, "tags", List.of()), 1, 0.2f, 0, 0)));

        assertThat(ids(store.search(c, new float[] {1, 0, 0, 0}, 10, VectorFilter.of(Map.of("tags", "policy")))))
                .containsExactly("a");
        assertThat(ids(store.search(c, new float[] {1, 0, 0, 0}, 10, VectorFilter.of(Map.of("year", 2024)))))
                .containsExactly("b", "c");
        assertThat(ids(store.search(c, new float[] {1, 0, 0, 0}, 10, VectorFilter.of(Map.of("year", "2024")))))
                .as("the string \"2024\" is not the integer 2024")
                .isEmpty();
    }

    @Test
    void filterOnTheChunkIdSelectsThosePoints() {
        String c = newCollection();
        store.upsert(c, List.of(point("a", Map.of(), 1, 0, 0, 0), point("b", Map.of(), 0, 1, 0, 0)));

        assertThat(ids(store.search(
                        c, new float[] {1, 0, 0, 0}, 10, VectorFilter.of(Map.of(VectorPoint.CHUNK_ID_FIELD, "b")))))
                .containsExactly("b");
    }

    @Test
    void filterOnAFieldWithoutKeywordIndexIsRefused() {
        String c = newCollection("file_id");
        store.upsert(c, List.of(point("a", Map.of("lang", "fr"), 1, 0, 0, 0)));

        assertFails(
                ErrorCode.VALIDATION,
                () -> store.search(c, new float[] {1, 0, 0, 0}, 10, VectorFilter.of(Map.of("lang", "fr"))));
    }

    @Test
    void keywordIndexAddedLaterAlsoCoversExistingPoints() {
        String c = newCollection();
        store.upsert(
                c, List.of(point("a", Map.of("lang", "fr"), 1, 0, 0, 0), point("b", Map.of("lang", "en"), 1, 1, 0, 0)));

        store.ensureCollection(new CollectionSpec(c, DIM, List.of("lang")));

        assertThat(ids(store.search(c, new float[] {1, 0, 0, 0}, 10, VectorFilter.of(Map.of("lang", "en")))))
                .containsExactly("b");
    }

    @Test
    void deletedPointsAreNoLongerFound() {
        String c = newCollection();
        store.upsert(
                c,
                List.of(
                        point("a", Map.of(), 1, 0, 0, 0),
                        point("b", Map.of(), 0, 1, 0, 0),
                        point("c", Map.of(), 0, 0, 1, 0)));

        store.delete(c, List.of("a", "c", "never-stored"));

        assertThat(store.count(c)).isEqualTo(1);
        assertThat(ids(store.search(c, new float[] {1, 0, 0, 0}, 10, VectorFilter.none())))
                .containsExactly("b");
        assertThat(store.listChunkIds(c)).containsExactly("b");
    }

    @Test
    void upsertingTheSameChunkIdReplacesThePoint() {
        String c = newCollection();
        store.upsert(c, List.of(point("a", Map.of("v", "old"), 1, 0, 0, 0)));
        store.upsert(c, List.of(point("a", Map.of("v", "new"), 0, 1, 0, 0)));

        assertThat(store.count(c)).isEqualTo(1);
        List<ScoredPoint> hits = store.search(c, new float[] {0, 1, 0, 0}, 10, VectorFilter.none());
        assertThat(hits).hasSize(1);
        assertThat(hits.get(0).score()).isCloseTo(1.0, within(1e-4));
        assertThat(hits.get(0).payload()).containsEntry("v", "new");
    }

    @Test
    void countsAndListsEveryPointAcrossBatches() {
        String c = newCollection();
        List<VectorPoint> points = new ArrayList<>();
        for (int i = 0; i < 123; i++) {
            points.add(point("chunk_" + i, Map.of("i", i), 1, i % 7, i % 3, 1));
        }
        store.upsert(c, points);

        assertThat(store.count(c)).isEqualTo(123);
        assertThat(store.listChunkIds(c))
                .containsExactlyInAnyOrderElementsOf(
                        points.stream().map(VectorPoint::chunkId).toList());
    }

    @Test
    void deletedCollectionIsGone() {
        String c = newCollection();
        store.upsert(c, List.of(point("a", Map.of(), 1, 0, 0, 0)));
        assertThat(store.collectionExists(c)).isTrue();

        store.deleteCollection(c);

        assertThat(store.collectionExists(c)).isFalse();
        assertFails(ErrorCode.NOT_FOUND, () -> store.search(c, new float[] {1, 0, 0, 0}, 10, VectorFilter.none()));
        assertFails(ErrorCode.NOT_FOUND, () -> store.count(c));
        store.deleteCollection(c); // idempotent
        store.delete(c, List.of("a")); // idempotent

        store.ensureCollection(new CollectionSpec(c, DIM, List.of()));
        assertThat(store.count(c)).as("a re-created collection starts empty").isZero();
    }

    @Test
    void ensureCollectionIsIdempotentButRefusesAnotherSize() {
        String c = newCollection("file_id");
        store.upsert(c, List.of(point("a", Map.of(), 1, 0, 0, 0)));

        store.ensureCollection(new CollectionSpec(c, DIM, List.of("file_id")));
        assertThat(store.count(c)).isEqualTo(1);

        assertFails(ErrorCode.CONFLICT, () -> store.ensureCollection(new CollectionSpec(c, DIM + 1, List.of())));
    }

    @Test
    void vectorsOfTheWrongSizeAreRefused() {
        String c = newCollection();

        assertFails(ErrorCode.VALIDATION, () -> store.upsert(c, List.of(point("a", Map.of(), 1, 0, 0))));
        assertFails(ErrorCode.VALIDATION, () -> store.search(c, new float[] {1, 0, 0, 0, 0}, 10, VectorFilter.none()));
        assertFails(ErrorCode.VALIDATION, () -> store.upsert(c, List.of(point("z", Map.of(), 0, 0, 0, 0))));
        assertThat(store.count(c)).isZero();
    }

    @Test
    void operationsOnAMissingCollectionSayNotFound() {
        String missing = "contract_missing_" + UUID.randomUUID().toString().substring(0, 8);

        assertThat(store.collectionExists(missing)).isFalse();
        assertFails(ErrorCode.NOT_FOUND, () -> store.upsert(missing, List.of(point("a", Map.of(), 1, 0, 0, 0))));
        assertFails(ErrorCode.NOT_FOUND, () -> store.listChunkIds(missing));
    }

    @Test
    void payloadRoundTripsWithTheChunkIdAdded() {
        String c = newCollection();
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("page", 3);
        nested.put("boxes", List.of(Map.of("x", 0.5, "y", 1.25)));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("content", "Les congés payés: 25 jours ouvrés.\n\"quoted\" ✓");
        payload.put("count", 42);
        payload.put("big", 9_007_199_254_740_993L);
        payload.put("ratio", 0.125);
        payload.put("flag", true);
        payload.put("url", null);
        payload.put("tags", List.of("a", "b"));
        payload.put("metadata", nested);
        VectorPoint written = point("doc_0", payload, 1, 2, 3, 4);
        store.upsert(c, List.of(written));

        ScoredPoint hit = store.search(c, new float[] {1, 2, 3, 4}, 1, VectorFilter.none())
                .get(0);

        assertThat(hit.chunkId()).isEqualTo("doc_0");
        assertThat(hit.payload()).isEqualTo(written.storedPayload());
        assertThat(hit.payload()).containsEntry(VectorPoint.CHUNK_ID_FIELD, "doc_0");
        assertThat(hit.payload().get("count")).isEqualTo(42L);
        assertThat(hit.payload().get("metadata"))
                .isEqualTo(Map.of("page", 3L, "boxes", List.of(Map.of("x", 0.5, "y", 1.25))));
    }

    @Test
    void emptyUpsertAndDeleteAreHarmless() {
        String c = newCollection();
        store.upsert(c, List.of());
        store.delete(c, List.of());
        assertThat(store.count(c)).isZero();
        assertThat(store.search(c, new float[] {1, 0, 0, 0}, 5, VectorFilter.none()))
                .isEmpty();
        assertThat(Arrays.asList(store.listChunkIds(c).toArray())).isEmpty();
    }

    @Test
    void keywordSearchRanksByTheWordsOfTheContentAndFilters() {
        String c = newCollection("tag");
        store.upsert(
                c,
                List.of(
                        point(
                                "a",
                                Map.of("content", "The invoice number is ZX-4471 for March.", "tag", "x"),
                                1,
                                0,
                                0,
                                0),
                        point(
                                "b",
                                Map.of("content", "Quarterly revenue grew in March and April.", "tag", "x"),
                                0,
                                1,
                                0,
                                0),
                        point("c", Map.of("content", "Nothing about that here.", "tag", "y"), 0, 0, 1, 0),
                        point("d", Map.of("content", "Invoice ZX-4471 was paid.", "tag", "y"), 0, 0, 0, 1)));
        if (!supportsKeywordSearch()) {
            assertFails(ErrorCode.FAILED_PRECONDITION, () -> store.keywordSearch(c, "invoice", 5, VectorFilter.none()));
            return;
        }
        List<ScoredPoint> hits = store.keywordSearch(c, "Which invoice is ZX-4471?", 10, VectorFilter.none());
        assertThat(ids(hits)).containsExactlyInAnyOrder("a", "d");
        assertThat(hits.getFirst().score())
                .isGreaterThanOrEqualTo(hits.getLast().score());
        assertThat(hits.getFirst().payload()).containsKey("content");
        assertThat(ids(store.keywordSearch(c, "ZX-4471", 10, VectorFilter.of(Map.of("tag", "y")))))
                .containsExactly("d");
        assertThat(ids(store.keywordSearch(c, "revenue", 1, VectorFilter.none())))
                .containsExactly("b");
        assertThat(store.keywordSearch(c, "zebra", 10, VectorFilter.none())).isEmpty();
        assertThat(store.keywordSearch(c, "  ", 10, VectorFilter.none())).isEmpty();
        assertFails(ErrorCode.VALIDATION, () -> store.keywordSearch(c, "x", 5, VectorFilter.of(Map.of("nope", "1"))));
    }
}
