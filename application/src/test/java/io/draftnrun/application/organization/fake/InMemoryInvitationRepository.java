package io.draftnrun.application.organization.fake;

import io.draftnrun.application.organization.UserAccount;
import io.draftnrun.application.organization.port.InvitationRepository;
import io.draftnrun.domain.organization.Invitation;
import io.draftnrun.domain.organization.InvitationId;
import io.draftnrun.domain.organization.Member;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Invitations in memory; accepting one creates the account and the membership in the fakes it was given. */
public final class InMemoryInvitationRepository implements InvitationRepository {
    private final Map<InvitationId, Invitation> invitations = new LinkedHashMap<>();
    private final InMemoryOrganizationRepository organizations;
    private final InMemoryUserRepository users;

    public InMemoryInvitationRepository(InMemoryOrganizationRepository organizations, InMemoryUserRepository users) {
        this.organizations = organizations;
        this.users = users;
    }

    @Override
    public synchronized void create(Invitation invitation) {
        invitations.put(invitation.id(), invitation);
    }

    @Override
    public synchronized Optional<Invitation> find(InvitationId id) {
        return Optional.ofNullable(invitations.get(id));
    }

    @Override
    public synchronized Optional<Invitation> findByTokenHash(String tokenHash) {
        return invitations.values().stream()
                .filter(i -> i.tokenHash().equals(tokenHash))
                .findFirst();
    }

    @Override
    public synchronized List<Invitation> pending(OrganizationId organization, Instant now) {
        return invitations.values().stream()
                .filter(i -> i.organization().equals(organization) && i.pendingAt(now))
                .sorted(Comparator.comparing(Invitation::createdAt).reversed())
                .toList();
    }

    @Override
    public synchronized Invitation revoke(InvitationId id, Instant at) {
        Invitation i = invitations.get(id);
        if (i.pendingAt(at)) {
            i = new Invitation(
                    i.id(),
                    i.organization(),
                    i.email(),
                    i.role(),
                    i.tokenHash(),
                    i.invitedBy(),
                    i.createdAt(),
                    i.expiresAt(),
                    i.acceptedAt(),
                    Optional.of(at));
            invitations.put(id, i);
        }
        return i;
    }

    @Override
    public synchronized Member accept(InvitationId id, UserId user, Optional<UserAccount> newAccount, Instant now) {
        Invitation i = Optional.ofNullable(invitations.get(id))
                .filter(x -> x.pendingAt(now))
                .orElseThrow(() -> DomainException.notFound("invitation"));
        newAccount.ifPresent(users::create);
        Member member = organizations
                .modifyMembers(i.organization(), m -> m.add(user, i.email(), i.role(), now))
                .find(user)
                .orElseThrow();
        invitations.put(
                id,
                new Invitation(
                        i.id(),
                        i.organization(),
                        i.email(),
                        i.role(),
                        i.tokenHash(),
                        i.invitedBy(),
                        i.createdAt(),
                        i.expiresAt(),
                        Optional.of(now),
                        i.revokedAt()));
        return member;
    }
}
