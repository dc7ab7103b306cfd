package io.draftnrun.application.organization;

import io.draftnrun.application.organization.fake.FakeApiKeyGrants;
import io.draftnrun.application.organization.fake.FakeProjectOwnership;
import io.draftnrun.application.organization.fake.InMemoryApiKeyRepository;
import io.draftnrun.application.organization.port.ApiKeyGrants;
import io.draftnrun.application.organization.port.ApiKeyRepository;
import io.draftnrun.domain.organization.OrganizationId;
import java.util.UUID;

class InMemoryApiKeyRepositoryTest extends ApiKeyRepositoryContract {
    private final InMemoryApiKeyRepository repository = new InMemoryApiKeyRepository();
    private final FakeProjectOwnership projects = new FakeProjectOwnership();
    private final FakeApiKeyGrants grants = new FakeApiKeyGrants(repository, projects);

    @Override
    protected ApiKeyRepository repository() {
        return repository;
    }

    @Override
    protected ApiKeyGrants grants() {
        return grants;
    }

    @Override
    protected UUID newProject(OrganizationId organization) {
        return projects.add(organization);
    }

    @Override
    protected void deleteProject(UUID project) {
        projects.remove(project);
    }
}
