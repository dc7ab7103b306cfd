package io.draftnrun.application.knowledge;

import io.draftnrun.domain.knowledge.IngestionTaskId;
import io.draftnrun.domain.organization.OrganizationId;
import java.util.Objects;

/** What the queue carries: the task to run (everything else is read from its row). */
public record IngestionJob(IngestionTaskId taskId, OrganizationId organizationId) {
    public IngestionJob {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(organizationId, "organizationId");
    }
}
