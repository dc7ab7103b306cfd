package io.draftnrun.bootstrap;

import io.draftnrun.application.organization.port.ProjectOwnership;
import io.draftnrun.domain.organization.OrganizationId;
import java.util.Optional;
import java.util.UUID;

/**
 * Temporary: projects do not exist yet (they arrive with the graphs slice, migration V3), so no project is known and
 * API-key operations answer NOT_FOUND. Replace with the project slice's adapter when it is merged.
 */
final class PendingProjectOwnership implements ProjectOwnership {
    @Override
    public Optional<OrganizationId> organizationOf(UUID projectId) {
        return Optional.empty();
    }
}
