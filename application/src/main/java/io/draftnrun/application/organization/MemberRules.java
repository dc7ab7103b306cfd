package io.draftnrun.application.organization;

import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.shared.DomainException;

/**
 * Who may manage members: admins (and up) of the organization, and nobody grants a role above their own or touches a
 * member whose role is above their own (a platform super-admin counts as SUPER_ADMIN everywhere). The rule that an
 * organization keeps an admin is the domain's ({@code OrganizationMembers}).
 */
final class MemberRules {
    private MemberRules() {}

    /** NOT_FOUND for an outsider, FORBIDDEN unless an admin whose own role is at least {@code role}. */
    static void requireCanAssign(Actor actor, OrganizationId organization, Role role) {
        actor.require(organization, Right.ADMIN);
        Role own = actor.platformAdmin()
                ? Role.SUPER_ADMIN
                : actor.roleIn(organization).orElseThrow();
        if (role.above(own)) {
            throw DomainException.forbidden("nobody grants or manages a role above their own (" + own.name() + "): "
                    + role.name() + " needs a member of that role or above");
        }
    }
}
