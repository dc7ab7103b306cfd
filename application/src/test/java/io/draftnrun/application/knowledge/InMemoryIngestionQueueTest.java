package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.IngestionQueue;

class InMemoryIngestionQueueTest extends IngestionQueueContract {
    @Override
    protected IngestionQueue newQueue() {
        return new InMemoryIngestionQueue();
    }
}
