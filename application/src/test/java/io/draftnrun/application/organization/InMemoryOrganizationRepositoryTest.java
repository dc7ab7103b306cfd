package io.draftnrun.application.organization;

import io.draftnrun.application.organization.fake.InMemoryOrganizationRepository;
import io.draftnrun.application.organization.fake.InMemoryRefreshTokenRepository;
import io.draftnrun.application.organization.fake.InMemoryUserRepository;
import io.draftnrun.application.organization.port.OrganizationRepository;
import io.draftnrun.application.organization.port.UserRepository;

class InMemoryOrganizationRepositoryTest extends OrganizationRepositoryContract {
    private final InMemoryOrganizationRepository organizations = new InMemoryOrganizationRepository();
    private final InMemoryUserRepository users =
            new InMemoryUserRepository(organizations, new InMemoryRefreshTokenRepository());

    InMemoryOrganizationRepositoryTest() {
        organizations.users(users);
    }

    @Override
    protected OrganizationRepository organizations() {
        return organizations;
    }

    @Override
    protected UserRepository users() {
        return users;
    }
}
