package io.draftnrun.application.organization;

import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.organization.Role;

/** Who may manage members: admins; only holders of the super-admin right grant or touch the super-admin role. */
final class MemberRules {
    private MemberRules() {}

    static void requireCanAssign(Actor actor, OrganizationId organization, Role role) {
        actor.require(organization, Right.ADMIN);
        if (role == Role.SUPER_ADMIN) {
            actor.require(organization, Right.SUPER_ADMIN);
        }
    }
}
