package io.draftnrun.application.organization.port;

import io.draftnrun.domain.organization.OrganizationId;
import java.util.Optional;
import java.util.UUID;

/** Which organization owns a project (empty when the project does not exist); served by the project slice. */
public interface ProjectOwnership {
    Optional<OrganizationId> organizationOf(UUID projectId);
}
