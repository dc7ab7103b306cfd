package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.InvitationRepository;
import io.draftnrun.application.organization.port.OrganizationRepository;
import io.draftnrun.application.organization.port.PasswordHasher;
import io.draftnrun.application.organization.port.UserRepository;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.Invitation;
import io.draftnrun.domain.organization.Member;
import io.draftnrun.domain.organization.Organization;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code acceptInvitation}: the invitation's token makes its e-mail address a member with its role, once, before it
 * expires. For an address without an account, the token and a password the invitee chooses create a local account and
 * sign it in. For an address that has an account, the invitee must be signed in as that account: the token (which the
 * inviting admin also saw) never sets the password of an existing account.
 */
public final class AcceptInvitation {
    public record Command(String token, Optional<String> password) {
        @Override
        public String toString() {
            return "AcceptInvitation.Command[****]";
        }
    }

    /** The organization joined, the membership, and a session when an account was created. */
    public record Accepted(Organization organization, Member member, Optional<Session> session) {}

    private final InvitationRepository invitations;
    private final OrganizationRepository organizations;
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final SessionIssuer sessions;
    private final Clock clock;

    public AcceptInvitation(
            InvitationRepository invitations,
            OrganizationRepository organizations,
            UserRepository users,
            PasswordHasher hasher,
            SessionIssuer sessions,
            Clock clock) {
        this.invitations = invitations;
        this.organizations = organizations;
        this.users = users;
        this.hasher = hasher;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** @param caller the signed-in caller, when the request carried a valid token */
    public Accepted handle(Optional<Actor> caller, Command command) {
        Instant now = clock.instant();
        String token = command.token() == null ? "" : command.token().strip();
        Invitation invitation = invitations
                .findByTokenHash(Hashing.sha256Hex(token))
                .filter(i -> i.pendingAt(now))
                .orElseThrow(() -> DomainException.notFound("invitation (unknown, used, revoked or expired)"));
        if (caller.isPresent()) {
            Actor actor = caller.get();
            if (actor.isApiKey() || !actor.email().equals(invitation.email())) {
                throw DomainException.forbidden("this invitation is for another e-mail address");
            }
            return accepted(invitation, actor.userId(), Optional.empty(), Optional.empty(), now);
        }
        if (users.findByEmail(invitation.email()).isPresent()) {
            throw new DomainException(
                    ErrorCode.UNAUTHENTICATED,
                    "an account with this e-mail address exists: sign in with it, then accept the invitation");
        }
        String password = Credentials.requirePassword(
                command.password()
                        .orElseThrow(() -> DomainException.validation(
                                "password is required: it will be the new account's password")),
                "password");
        UserAccount account = new UserAccount(
                new UserId(UUID.randomUUID()), invitation.email(), Optional.of(hasher.hash(password)), false, now);
        return accepted(invitation, account.id(), Optional.of(account), Optional.of(account), now);
    }

    private Accepted accepted(
            Invitation invitation,
            UserId user,
            Optional<UserAccount> newAccount,
            Optional<UserAccount> signIn,
            Instant now) {
        Member member = invitations.accept(invitation.id(), user, newAccount, now);
        Organization organization = organizations
                .find(invitation.organization())
                .orElseThrow(() -> DomainException.notFound("organization"));
        return new Accepted(organization, member, signIn.map(sessions::issue));
    }
}
