package io.draftnrun.application.organization;

import io.draftnrun.domain.organization.UserId;
import java.util.Objects;

/**
 * Who a valid token says the caller is. {@code email} may be empty (phone sign-in). {@code local}: a token this
 * backend issued (its account must exist, and {@code sessionEpoch} must still be the account's); otherwise an external
 * (Supabase) token, whose user is remembered on first sight.
 */
public record VerifiedIdentity(UserId userId, String email, boolean local, int sessionEpoch) {
    public VerifiedIdentity {
        Objects.requireNonNull(userId, "userId");
        email = email == null ? "" : email.strip().toLowerCase(java.util.Locale.ROOT);
    }

    /** An external (Supabase) identity. */
    public VerifiedIdentity(UserId userId, String email) {
        this(userId, email, false, 0);
    }

    /** The identity a local session of {@code account} carries. */
    public static VerifiedIdentity local(UserAccount account) {
        return new VerifiedIdentity(account.id(), account.email(), true, account.sessionEpoch());
    }
}
