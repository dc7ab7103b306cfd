package io.draftnrun.application.organization;

import io.draftnrun.application.organization.fake.InMemoryOrganizationRepository;
import io.draftnrun.application.organization.fake.InMemoryRefreshTokenRepository;
import io.draftnrun.application.organization.fake.InMemoryUserRepository;
import io.draftnrun.application.organization.port.OrganizationRepository;
import io.draftnrun.application.organization.port.RefreshTokenRepository;
import io.draftnrun.application.organization.port.UserRepository;

class InMemoryUserRepositoryTest extends UserRepositoryContract {
    private final InMemoryOrganizationRepository organizations = new InMemoryOrganizationRepository();
    private final InMemoryRefreshTokenRepository refreshTokens = new InMemoryRefreshTokenRepository();
    private final InMemoryUserRepository users = new InMemoryUserRepository(organizations, refreshTokens);

    InMemoryUserRepositoryTest() {
        organizations.users(users);
    }

    @Override
    protected UserRepository users() {
        return users;
    }

    @Override
    protected OrganizationRepository organizations() {
        return organizations;
    }

    @Override
    protected RefreshTokenRepository refreshTokens() {
        return refreshTokens;
    }
}
