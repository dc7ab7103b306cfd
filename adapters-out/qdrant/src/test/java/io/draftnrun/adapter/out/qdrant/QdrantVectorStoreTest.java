package io.draftnrun.adapter.out.qdrant;

import io.draftnrun.application.knowledge.VectorStoreContract;
import io.draftnrun.application.knowledge.port.VectorStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The vector-store contract against the in-process fake Qdrant, through the real gRPC client, with an API key. */
class QdrantVectorStoreTest extends VectorStoreContract {
    static final String KEY = "test-api-key";
    static FakeQdrantServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new FakeQdrantServer(KEY);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected VectorStore createStore() {
        return QdrantVectorStore.connect("http://127.0.0.1:" + server.port(), KEY);
    }
}
