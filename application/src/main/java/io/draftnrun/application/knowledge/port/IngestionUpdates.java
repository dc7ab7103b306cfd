package io.draftnrun.application.knowledge.port;

import io.draftnrun.domain.knowledge.IngestionTaskId;
import io.draftnrun.domain.organization.OrganizationId;
import java.util.function.Consumer;

/**
 * Announces that a task changed (status or progress) to every API process (Redis pub/sub): only the task id travels,
 * subscribers read the task itself. Best effort: a missed announcement is caught up by the next one.
 */
public interface IngestionUpdates {
    void publish(OrganizationId organization, IngestionTaskId task);

    /** Calls {@code listener} with the id of each task of the organization that changes, until closed. */
    Subscription subscribe(OrganizationId organization, Consumer<IngestionTaskId> listener);

    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
