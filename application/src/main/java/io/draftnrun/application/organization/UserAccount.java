package io.draftnrun.application.organization;

import io.draftnrun.domain.organization.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A known user: a local account (with a password hash) or a Supabase user seen through its token (no hash).
 * {@code platformAdmin} users are super-admins of every organization.
 */
public record UserAccount(
        UserId id, String email, Optional<String> passwordHash, boolean platformAdmin, Instant createdAt) {
    public UserAccount {
        Objects.requireNonNull(id, "id");
        email = email == null ? "" : email;
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    @Override
    public String toString() {
        return "UserAccount[" + id + ", " + email + "]"; // never the hash
    }
}
