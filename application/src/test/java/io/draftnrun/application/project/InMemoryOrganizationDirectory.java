package io.draftnrun.application.project;

import io.draftnrun.application.project.port.OrganizationDirectory;
import io.draftnrun.domain.organization.OrganizationId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@link OrganizationDirectory} in memory: the organizations created or listed at construction. */
public final class InMemoryOrganizationDirectory implements OrganizationDirectory {
    private final Set<OrganizationId> organizations = ConcurrentHashMap.newKeySet();

    public InMemoryOrganizationDirectory(OrganizationId... existing) {
        organizations.addAll(Set.of(existing));
    }

    @Override
    public void ensureExists(OrganizationId id, String name) {
        organizations.add(id);
    }

    @Override
    public boolean exists(OrganizationId id) {
        return organizations.contains(id);
    }
}
