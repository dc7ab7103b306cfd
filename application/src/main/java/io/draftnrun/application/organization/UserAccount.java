package io.draftnrun.application.organization;

import io.draftnrun.domain.organization.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A known user: a local account (with a password hash) or a Supabase user seen through its token (no hash).
 * {@code platformAdmin} users are super-admins of every organization. {@code passwordChangeRequired}: the password is
 * a one-time password an admin was given, to be changed before any session. {@code sessionEpoch}: carried by every
 * local access token, raised when a password changes, which ends every session issued before. A deleted account is
 * kept as a tombstone ({@code deletedAt}) without e-mail or password, so that its tokens are refused.
 */
public record UserAccount(
        UserId id,
        String email,
        Optional<String> passwordHash,
        boolean platformAdmin,
        Instant createdAt,
        boolean passwordChangeRequired,
        int sessionEpoch,
        Optional<Instant> deletedAt) {
    public UserAccount {
        Objects.requireNonNull(id, "id");
        email = email == null ? "" : email;
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(deletedAt, "deletedAt");
    }

    /** An active account whose password (if any) is its own, in its first session epoch. */
    public UserAccount(
            UserId id, String email, Optional<String> passwordHash, boolean platformAdmin, Instant createdAt) {
        this(id, email, passwordHash, platformAdmin, createdAt, false, 0, Optional.empty());
    }

    public boolean deleted() {
        return deletedAt.isPresent();
    }

    @Override
    public String toString() {
        return "UserAccount[" + id + ", " + email + "]"; // never the hash
    }
}
