package io.draftnrun.domain.organization;

import java.time.Instant;
import java.util.Objects;

/** A user's membership of an organization, with the user's e-mail for display (may be empty). */
public record Member(UserId userId, String email, Role role, Instant since) {
    public Member {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(since, "since");
        email = email == null ? "" : email;
    }

    public boolean isAdmin() {
        return Right.ADMIN.grantedTo(role);
    }

    public Member withRole(Role newRole) {
        return new Member(userId, email, newRole, since);
    }
}
