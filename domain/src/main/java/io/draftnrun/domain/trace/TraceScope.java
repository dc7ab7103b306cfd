package io.draftnrun.domain.trace;

import io.draftnrun.domain.organization.OrganizationId;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Whose trace this is: the project and organization, the environment ({@code draft}, {@code production}) and the
 * run. Every span of a trace carries it, so usage and listings never need to walk to the root.
 *
 * @param runId the run, absent for traces not produced by a run (an ingestion task)
 */
public record TraceScope(UUID projectId, OrganizationId organizationId, String environment, Optional<UUID> runId) {
    public TraceScope {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(organizationId, "organizationId");
        environment = environment == null ? "" : environment;
        Objects.requireNonNull(runId, "runId");
    }

    public static TraceScope ofRun(UUID projectId, OrganizationId organizationId, String environment, UUID runId) {
        return new TraceScope(projectId, organizationId, environment, Optional.of(runId));
    }
}
