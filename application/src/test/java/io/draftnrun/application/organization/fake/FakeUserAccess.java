package io.draftnrun.application.organization.fake;

import io.draftnrun.application.organization.port.UserAccess;
import io.draftnrun.domain.organization.UserId;

/** Access read from the in-memory users and organizations, as the store's join would. */
public final class FakeUserAccess implements UserAccess {
    private final InMemoryUserRepository users;
    private final InMemoryOrganizationRepository organizations;

    public FakeUserAccess(InMemoryUserRepository users, InMemoryOrganizationRepository organizations) {
        this.users = users;
        this.organizations = organizations;
    }

    @Override
    public Access of(UserId user) {
        return new Access(users.findById(user), organizations.membershipsOf(user));
    }
}
