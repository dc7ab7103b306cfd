package io.draftnrun.application.organization.fake;

import io.draftnrun.application.organization.port.ProjectOwnership;
import io.draftnrun.domain.organization.OrganizationId;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Projects are registered by the test: {@link #add(OrganizationId)} returns a new project id. */
public final class FakeProjectOwnership implements ProjectOwnership {
    private final Map<UUID, OrganizationId> projects = new ConcurrentHashMap<>();

    public UUID add(OrganizationId organization) {
        UUID id = UUID.randomUUID();
        projects.put(id, organization);
        return id;
    }

    public void remove(UUID projectId) {
        projects.remove(projectId);
    }

    @Override
    public Optional<OrganizationId> organizationOf(UUID projectId) {
        return Optional.ofNullable(projects.get(projectId));
    }
}
