package io.draftnrun.application.organization;

import io.draftnrun.domain.organization.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A stored refresh token: only the SHA-256 of the opaque token is kept. {@code family} is shared by every token that
 * descends from one sign-in.
 */
public record RefreshToken(String tokenHash, UserId user, Instant expiresAt, UUID family) {
    public RefreshToken {
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(family, "family");
    }
}
