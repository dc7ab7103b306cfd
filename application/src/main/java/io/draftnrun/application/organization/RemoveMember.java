package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.OrganizationRepository;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.Member;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;

/** An admin removes a member; the last admin cannot be removed (FAILED_PRECONDITION). */
public final class RemoveMember {
    public record Command(OrganizationId organization, UserId user) {}

    private final OrganizationRepository organizations;

    public RemoveMember(OrganizationRepository organizations) {
        this.organizations = organizations;
    }

    public Member handle(Actor actor, Command command) {
        actor.require(command.organization(), Right.ADMIN);
        Member[] removed = new Member[1];
        organizations.modifyMembers(command.organization(), m -> {
            Member current = m.find(command.user()).orElseThrow(() -> DomainException.notFound("member"));
            MemberRules.requireCanAssign(actor, command.organization(), current.role());
            removed[0] = current;
            return m.remove(command.user());
        });
        return removed[0];
    }
}
