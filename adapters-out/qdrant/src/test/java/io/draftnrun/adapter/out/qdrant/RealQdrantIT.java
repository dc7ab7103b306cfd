package io.draftnrun.adapter.out.qdrant;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.draftnrun.application.knowledge.VectorStoreContract;
import io.draftnrun.application.knowledge.port.VectorStore;
import org.junit.jupiter.api.BeforeAll;

/**
 * The vector-store contract against a real Qdrant, when {@code QDRANT_CLUSTER_URL} (and {@code QDRANT_API_KEY} if it
 * needs one) is set; skipped otherwise. Each test works in its own {@code contract_*} collections and deletes them.
 */
class RealQdrantIT extends VectorStoreContract {
    private static final String URL = System.getenv("QDRANT_CLUSTER_URL");

    @BeforeAll
    static void requireServer() {
        boolean configured = URL != null && !URL.isBlank();
        if (!configured) {
            System.out.println("RealQdrantIT skipped: QDRANT_CLUSTER_URL is not set (no real Qdrant to test against)");
        }
        assumeTrue(configured, "QDRANT_CLUSTER_URL is not set: no real Qdrant to run the contract against");
    }

    @Override
    protected VectorStore createStore() {
        return QdrantVectorStore.connect(URL, System.getenv("QDRANT_API_KEY"));
    }
}
