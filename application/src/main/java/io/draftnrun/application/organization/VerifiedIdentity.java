package io.draftnrun.application.organization;

import io.draftnrun.domain.organization.UserId;
import java.util.Objects;

/** Who a valid token says the caller is. {@code email} may be empty (phone sign-in). */
public record VerifiedIdentity(UserId userId, String email) {
    public VerifiedIdentity {
        Objects.requireNonNull(userId, "userId");
        email = email == null ? "" : email.strip().toLowerCase(java.util.Locale.ROOT);
    }
}
