package io.draftnrun.domain.organization;

import java.util.EnumSet;
import java.util.Set;

/** The reference's rights table (spec 7.1): each right lists the roles that hold it. */
public enum Right {
    SUPER_ADMIN(EnumSet.of(Role.SUPER_ADMIN)),
    ADMIN(EnumSet.of(Role.SUPER_ADMIN, Role.ADMIN)),
    WRITER(EnumSet.of(Role.SUPER_ADMIN, Role.ADMIN, Role.DEVELOPER)),
    READER(EnumSet.of(Role.SUPER_ADMIN, Role.ADMIN, Role.DEVELOPER, Role.MEMBER)),
    USER(EnumSet.allOf(Role.class));

    private final Set<Role> roles;

    Right(Set<Role> roles) {
        this.roles = roles;
    }

    public boolean grantedTo(Role role) {
        return roles.contains(role);
    }
}
