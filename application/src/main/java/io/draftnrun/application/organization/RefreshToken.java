package io.draftnrun.application.organization;

import io.draftnrun.domain.organization.UserId;
import java.time.Instant;
import java.util.Objects;

/** A stored refresh token: only the SHA-256 of the opaque token is kept. */
public record RefreshToken(String tokenHash, UserId user, Instant expiresAt) {
    public RefreshToken {
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
