package io.draftnrun.application.trace;

import io.draftnrun.application.trace.port.ProjectDirectory;
import io.draftnrun.domain.organization.OrganizationId;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Projects and their organizations, set by the test. */
public final class FakeProjectDirectory implements ProjectDirectory {
    private final Map<UUID, OrganizationId> owners = new ConcurrentHashMap<>();

    public FakeProjectDirectory put(UUID projectId, OrganizationId organization) {
        owners.put(projectId, organization);
        return this;
    }

    @Override
    public Optional<OrganizationId> organizationOf(UUID projectId) {
        return Optional.ofNullable(owners.get(projectId));
    }
}
