package io.draftnrun.application.organization.port;

import io.draftnrun.application.organization.UserAccount;
import io.draftnrun.domain.organization.Invitation;
import io.draftnrun.domain.organization.InvitationId;
import io.draftnrun.domain.organization.Member;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Invitations into organizations; only the hash of a token is stored. */
public interface InvitationRepository {
    void create(Invitation invitation);

    Optional<Invitation> find(InvitationId id);

    Optional<Invitation> findByTokenHash(String tokenHash);

    /** The organization's invitations still pending at {@code now}, newest first. */
    List<Invitation> pending(OrganizationId organization, Instant now);

    /** Marks it revoked at {@code at} when still pending; returns it as stored after. */
    Invitation revoke(InvitationId id, Instant at);

    /**
     * In one transaction: the invitation, still pending at {@code now}, is marked accepted by {@code user}; the account
     * {@code newAccount} is created when given (CONFLICT if its e-mail was taken meanwhile); the user joins the
     * organization with the invitation's role (CONFLICT if a member already). Nothing is written on failure; an
     * invitation no longer pending is NOT_FOUND.
     */
    Member accept(InvitationId id, UserId user, Optional<UserAccount> newAccount, Instant now);
}
