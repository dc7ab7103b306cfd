package io.draftnrun.application.organization;

import io.draftnrun.domain.organization.Organization;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.UserId;
import java.util.List;

/** The signed-in caller and their memberships. */
public record Me(UserId id, String email, boolean platformAdmin, List<Membership> memberships) {
    public record Membership(Organization organization, Role role) {}
}
