package io.draftnrun.adapter.out.lucene;

import io.draftnrun.application.knowledge.VectorStoreContract;
import io.draftnrun.application.knowledge.port.VectorStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class LuceneVectorStoreTest extends VectorStoreContract {
    @TempDir
    Path dir;

    @Override
    protected VectorStore createStore() {
        return new LuceneVectorStore(dir);
    }
}
