package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.InvitationRepository;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.Invitation;
import io.draftnrun.domain.organization.InvitationId;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.shared.DomainException;
import java.time.Clock;

/** An admin revokes a pending invitation: its token stops working at once. Revoking it again changes nothing. */
public final class RevokeInvitation {
    public record Command(InvitationId id) {}

    private final InvitationRepository invitations;
    private final Clock clock;

    public RevokeInvitation(InvitationRepository invitations, Clock clock) {
        this.invitations = invitations;
        this.clock = clock;
    }

    public Invitation handle(Actor actor, Command command) {
        String what = "invitation " + command.id();
        Invitation invitation = invitations.find(command.id()).orElseThrow(() -> DomainException.notFound(what));
        actor.require(invitation.organization(), Right.ADMIN, what);
        MemberRules.requireCanAssign(actor, invitation.organization(), invitation.role());
        return invitations.revoke(command.id(), clock.instant());
    }
}
