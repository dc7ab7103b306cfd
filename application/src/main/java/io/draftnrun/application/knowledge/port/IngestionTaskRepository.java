package io.draftnrun.application.knowledge.port;

import io.draftnrun.application.knowledge.IngestionTaskPage;
import io.draftnrun.domain.knowledge.IngestionTask;
import io.draftnrun.domain.knowledge.IngestionTaskId;
import io.draftnrun.domain.organization.OrganizationId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Ingestion tasks (backend database), written before their job is queued so no task is ever lost. */
public interface IngestionTaskRepository {
    void create(IngestionTask task);

    Optional<IngestionTask> find(IngestionTaskId id);

    /** Replaces status, progress, results, error and update time of an existing task. */
    void save(IngestionTask task);

    /** Newest first; {@code after} is the cursor of the last task of the previous page. */
    IngestionTaskPage page(OrganizationId organization, int first, Optional<String> after);

    /** Tasks still pending whose last update is older than {@code before}, oldest first. */
    List<IngestionTask> pendingSince(Instant before, int limit);
}
