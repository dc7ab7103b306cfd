package io.draftnrun.domain.organization;

import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The members of one organization, the aggregate that guards the rule "an organization keeps at least one admin":
 * every change returns a new instance, and removing or demoting the last admin fails with FAILED_PRECONDITION.
 */
public record OrganizationMembers(OrganizationId organization, Map<UserId, Member> members) {
    public OrganizationMembers {
        Objects.requireNonNull(organization, "organization");
        members = Map.copyOf(members);
    }

    public static OrganizationMembers of(OrganizationId organization, List<Member> members) {
        Map<UserId, Member> map = new LinkedHashMap<>();
        members.forEach(m -> map.put(m.userId(), m));
        return new OrganizationMembers(organization, map);
    }

    public Optional<Member> find(UserId user) {
        return Optional.ofNullable(members.get(user));
    }

    public OrganizationMembers add(UserId user, String email, Role role, Instant now) {
        if (members.containsKey(user)) {
            throw new DomainException(ErrorCode.CONFLICT, "this user is already a member of the organization");
        }
        Map<UserId, Member> copy = new LinkedHashMap<>(members);
        copy.put(user, new Member(user, email, role, now));
        return new OrganizationMembers(organization, copy);
    }

    public OrganizationMembers changeRole(UserId user, Role role) {
        Member member = require(user);
        Map<UserId, Member> copy = new LinkedHashMap<>(members);
        copy.put(user, member.withRole(role));
        return checked(copy, "demote");
    }

    public OrganizationMembers remove(UserId user) {
        require(user);
        Map<UserId, Member> copy = new LinkedHashMap<>(members);
        copy.remove(user);
        return checked(copy, "remove");
    }

    public long adminCount() {
        return members.values().stream().filter(Member::isAdmin).count();
    }

    private Member require(UserId user) {
        Member member = members.get(user);
        if (member == null) {
            throw DomainException.notFound("member");
        }
        return member;
    }

    private OrganizationMembers checked(Map<UserId, Member> next, String verb) {
        OrganizationMembers result = new OrganizationMembers(organization, next);
        if (adminCount() > 0 && result.adminCount() == 0) {
            throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION, "cannot " + verb + " the last admin of the organization");
        }
        return result;
    }
}
