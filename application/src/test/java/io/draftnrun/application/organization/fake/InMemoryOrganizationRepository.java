package io.draftnrun.application.organization.fake;

import io.draftnrun.application.organization.UserAccount;
import io.draftnrun.application.organization.port.OrganizationRepository;
import io.draftnrun.domain.organization.Member;
import io.draftnrun.domain.organization.Organization;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.OrganizationMembers;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

public final class InMemoryOrganizationRepository implements OrganizationRepository {
    private final Map<OrganizationId, Organization> organizations = new HashMap<>();
    private final Map<OrganizationId, OrganizationMembers> members = new HashMap<>();
    private InMemoryUserRepository users;

    @Override
    public synchronized void create(Organization organization, Member firstMember) {
        organizations.put(organization.id(), organization);
        members.put(organization.id(), OrganizationMembers.of(organization.id(), List.of(firstMember)));
    }

    @Override
    public synchronized Optional<Organization> find(OrganizationId id) {
        return Optional.ofNullable(organizations.get(id));
    }

    @Override
    public synchronized List<Organization> findAll(Collection<OrganizationId> ids) {
        return ids.stream().map(organizations::get).filter(o -> o != null).toList();
    }

    @Override
    public synchronized List<Organization> all() {
        return List.copyOf(organizations.values());
    }

    /** The user's role in every organization they belong to (what {@link FakeUserAccess} reads). */
    public synchronized Map<OrganizationId, Role> membershipsOf(UserId user) {
        Map<OrganizationId, Role> result = new HashMap<>();
        members.forEach((org, m) -> m.find(user).ifPresent(member -> result.put(org, member.role())));
        return result;
    }

    /**
     * The members, with the e-mail of each one's account when built with a user repository (as the store's join with
     * {@code users} reads it; the e-mail given when the member was added otherwise).
     */
    @Override
    public synchronized OrganizationMembers members(OrganizationId organization) {
        OrganizationMembers stored =
                members.getOrDefault(organization, OrganizationMembers.of(organization, List.of()));
        if (users == null) {
            return stored;
        }
        return OrganizationMembers.of(
                organization,
                stored.members().values().stream()
                        .map(m -> users.findById(m.userId())
                                .map(u -> new Member(m.userId(), u.email(), m.role(), m.since()))
                                .orElse(m))
                        .toList());
    }

    @Override
    public synchronized OrganizationMembers modifyMembers(
            OrganizationId organization, UnaryOperator<OrganizationMembers> change) {
        if (!organizations.containsKey(organization)) {
            throw DomainException.notFound("organization");
        }
        OrganizationMembers next = change.apply(members(organization));
        members.put(organization, next);
        return next;
    }

    @Override
    public synchronized Member addNewUser(OrganizationId organization, UserAccount account, Role role, Instant at) {
        if (users == null) {
            throw new IllegalStateException("built without a user repository");
        }
        if (!organizations.containsKey(organization)) {
            throw DomainException.notFound("organization");
        }
        users.create(account);
        return modifyMembers(organization, m -> m.add(account.id(), account.email(), role, at))
                .find(account.id())
                .orElseThrow();
    }

    /** Lets {@link #addNewUser} create accounts in {@code users}. */
    public synchronized void users(InMemoryUserRepository users) {
        this.users = users;
    }
}
