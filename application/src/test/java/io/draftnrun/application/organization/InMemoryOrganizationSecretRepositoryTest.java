package io.draftnrun.application.organization;

import io.draftnrun.application.organization.fake.InMemoryOrganizationSecretRepository;
import io.draftnrun.application.organization.port.OrganizationSecretRepository;
import io.draftnrun.domain.organization.OrganizationId;
import java.util.UUID;

class InMemoryOrganizationSecretRepositoryTest extends OrganizationSecretRepositoryContract {
    private final InMemoryOrganizationSecretRepository repository = new InMemoryOrganizationSecretRepository();

    @Override
    protected OrganizationSecretRepository repository() {
        return repository;
    }

    @Override
    protected OrganizationId newOrganization() {
        return new OrganizationId(UUID.randomUUID());
    }
}
