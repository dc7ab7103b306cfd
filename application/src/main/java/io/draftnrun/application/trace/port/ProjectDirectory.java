package io.draftnrun.application.trace.port;

import io.draftnrun.domain.organization.OrganizationId;
import java.util.Optional;
import java.util.UUID;

/** Which organization owns a project (empty when the project does not exist), for authorization of trace reads. */
public interface ProjectDirectory {
    Optional<OrganizationId> organizationOf(UUID projectId);
}
