package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.InvitationRepository;
import io.draftnrun.application.organization.port.OrganizationRepository;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.Invitation;
import io.draftnrun.domain.organization.InvitationId;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An admin invites an e-mail address with a role (never above the admin's own). The token is returned only now, for
 * the admin to pass on (e.g. in a link); only its hash is kept. It may be accepted once, until it expires.
 */
public final class InviteMember {
    public record Command(OrganizationId organization, String email, Role role) {}

    /** The stored invitation and its token, shown once. */
    public record Invited(Invitation invitation, String token) {
        @Override
        public String toString() {
            return "Invited[" + invitation.id() + "]";
        }
    }

    private final OrganizationRepository organizations;
    private final InvitationRepository invitations;
    private final Duration lifetime;
    private final Clock clock;

    public InviteMember(
            OrganizationRepository organizations, InvitationRepository invitations, Duration lifetime, Clock clock) {
        this.organizations = organizations;
        this.invitations = invitations;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public Invited handle(Actor actor, Command command) {
        MemberRules.requireCanAssign(actor, command.organization(), command.role());
        String email = Credentials.requireEmail(command.email());
        var members = organizations.members(command.organization());
        if (members.members().values().stream().anyMatch(m -> m.email().equals(email))) {
            throw new DomainException(
                    ErrorCode.CONFLICT, "this e-mail address is a member of the organization already");
        }
        Instant now = clock.instant();
        String token = "inv_" + Hashing.randomToken(32);
        Invitation invitation = new Invitation(
                InvitationId.random(),
                command.organization(),
                email,
                command.role(),
                Hashing.sha256Hex(token),
                actor.userId(),
                now,
                now.plus(lifetime),
                Optional.empty(),
                Optional.empty());
        invitations.create(invitation);
        return new Invited(invitation, token);
    }
}
