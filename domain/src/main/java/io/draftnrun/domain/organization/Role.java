package io.draftnrun.domain.organization;

import java.util.Arrays;

/** A member's role in an organization, with the wire names of the reference system. */
public enum Role {
    SUPER_ADMIN("super-admin"),
    ADMIN("admin"),
    DEVELOPER("developer"),
    MEMBER("member"),
    USER("user");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    /** Whether this role is above {@code other} (super-admin > admin > developer > member > user). */
    public boolean above(Role other) {
        return ordinal() < other.ordinal();
    }

    public String wireName() {
        return wireName;
    }

    public static Role fromWireName(String name) {
        return Arrays.stream(values())
                .filter(r -> r.wireName.equals(name) || r.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown role: " + name));
    }
}
