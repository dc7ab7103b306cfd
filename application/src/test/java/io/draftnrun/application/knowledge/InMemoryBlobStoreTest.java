package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.BlobStore;

class InMemoryBlobStoreTest extends BlobStoreContract {
    @Override
    protected BlobStore store() {
        return new InMemoryBlobStore();
    }
}
