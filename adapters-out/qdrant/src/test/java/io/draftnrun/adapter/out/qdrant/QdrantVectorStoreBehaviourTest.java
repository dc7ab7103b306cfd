package io.draftnrun.adapter.out.qdrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.knowledge.CollectionSpec;
import io.draftnrun.application.knowledge.ScoredPoint;
import io.draftnrun.application.knowledge.VectorFilter;
import io.draftnrun.application.knowledge.VectorPoint;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Collections.PayloadSchemaInfo;
import io.qdrant.client.grpc.JsonWithInt.Value;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the Qdrant adapter must do beyond the contract: the reference layout, batching, credentials, outages. */
class QdrantVectorStoreBehaviourTest {
    private FakeQdrantServer server;
    private QdrantVectorStore store;

    @BeforeEach
    void start() throws Exception {
        server = new FakeQdrantServer("secret");
        store = QdrantVectorStore.connect("http://127.0.0.1:" + server.port(), "secret");
    }

    @AfterEach
    void stop() throws Exception {
        store.close();
        server.close();
    }

    @Test
    void pointIdsAreTheReferenceUuid5OfTheChunkId() {
        // values from Python: uuid.uuid5(uuid.NAMESPACE_DNS, name)
        assertThat(ChunkPointIds.of("doc_0")).isEqualTo(UUID.fromString("f7991700-86e4-576a-8450-8901f868e1ab"));
        assertThat(ChunkPointIds.of("report.pdf_12"))
                .isEqualTo(UUID.fromString("b46fb21f-da4a-5638-989a-e87626c6a232"));
        assertThat(ChunkPointIds.of("é")).isEqualTo(UUID.fromString("ebfe0af8-3997-5ade-b634-ba92cf69f557"));
    }

    @Test
    void upsertsGoInBatchesOfFiftyAfterTheKeywordIndexesExist() throws Exception {
        store.ensureCollection(new CollectionSpec("source_a", 3, List.of("file_id")));
        List<VectorPoint> points = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            points.add(new VectorPoint("c" + i, new float[] {1, i, 0}, Map.of("file_id", "f" + i % 3)));
        }
        int before = server.upsertCalls.get();

        store.upsert("source_a", points);

        assertThat(server.upsertCalls.get() - before).isEqualTo(3);
        try (QdrantClient raw = rawClient()) {
            Map<String, PayloadSchemaInfo> schema =
                    raw.getCollectionInfoAsync("source_a").get().getPayloadSchemaMap();
            assertThat(schema).containsOnlyKeys("chunk_id", "file_id");
            var point = raw.retrieveAsync("source_a", QdrantVectorStore.pointId("c7"), true, false, null)
                    .get();
            assertThat(point).hasSize(1);
            assertThat(point.get(0).getPayloadMap().get("chunk_id").getStringValue())
                    .isEqualTo("c7");
        }
    }

    @Test
    void pointsWrittenWithoutAChunkIdFieldAreNamedByTheirPointId() throws Exception {
        store.ensureCollection(new CollectionSpec("legacy", 2, List.of()));
        try (QdrantClient raw = rawClient()) {
            raw.upsertAsync(
                            "legacy",
                            List.of(io.qdrant.client.grpc.Points.PointStruct.newBuilder()
                                    .setId(QdrantVectorStore.pointId("old_1"))
                                    .setVectors(io.qdrant.client.VectorsFactory.vectors(1f, 0f))
                                    .putPayload(
                                            "content",
                                            Value.newBuilder()
                                                    .setStringValue("hello")
                                                    .build())
                                    .build()))
                    .get();
        }

        List<ScoredPoint> hits = store.search("legacy", new float[] {1, 0}, 1, VectorFilter.none());

        assertThat(hits)
                .extracting(ScoredPoint::chunkId)
                .containsExactly(ChunkPointIds.of("old_1").toString());
        assertThat(hits.get(0).payload()).containsEntry("content", "hello");
    }

    @Test
    void aWrongApiKeyIsReportedWithoutTheKey() {
        try (QdrantVectorStore wrong = QdrantVectorStore.connect("http://127.0.0.1:" + server.port(), "not-it")) {
            assertThatThrownBy(() -> wrong.collectionExists("x")).isInstanceOfSatisfying(DomainException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(e.getMessage()).contains("QDRANT_API_KEY").doesNotContain("not-it");
            });
        }
    }

    @Test
    void anUnreachableServerIsUnavailableAndReportedByTheHealthProbe() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (QdrantVectorStore nowhere = QdrantVectorStore.connect("http://127.0.0.1:" + port, null)) {
            assertThatThrownBy(() -> nowhere.count("x"))
                    .isInstanceOfSatisfying(
                            DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
            assertThat(nowhere.healthProbe().check().up()).isFalse();
        }
        assertThat(store.healthProbe().check().up()).isTrue();
    }

    private QdrantClient rawClient() {
        return new QdrantClient(QdrantGrpcClient.newBuilder("127.0.0.1", server.port(), false, false)
                .withApiKey("secret")
                .build());
    }
}
