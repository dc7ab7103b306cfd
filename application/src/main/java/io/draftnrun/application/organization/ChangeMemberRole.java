package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.OrganizationRepository;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.Member;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;

/** An admin changes a member's role; the last admin cannot be demoted (FAILED_PRECONDITION). */
public final class ChangeMemberRole {
    public record Command(OrganizationId organization, UserId user, Role role) {}

    private final OrganizationRepository organizations;

    public ChangeMemberRole(OrganizationRepository organizations) {
        this.organizations = organizations;
    }

    public Member handle(Actor actor, Command command) {
        MemberRules.requireCanAssign(actor, command.organization(), command.role());
        return organizations
                .modifyMembers(command.organization(), m -> {
                    Member current = m.find(command.user()).orElseThrow(() -> DomainException.notFound("member"));
                    MemberRules.requireCanAssign(actor, command.organization(), current.role());
                    return m.changeRole(command.user(), command.role());
                })
                .find(command.user())
                .orElseThrow();
    }
}
