package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.VectorStore;

class InMemoryVectorStoreTest extends VectorStoreContract {
    @Override
    protected VectorStore createStore() {
        return new InMemoryVectorStore();
    }
}
