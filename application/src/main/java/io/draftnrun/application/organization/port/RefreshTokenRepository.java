package io.draftnrun.application.organization.port;

import io.draftnrun.application.organization.RefreshToken;
import java.time.Instant;
import java.util.Optional;

/** Refresh tokens of local sessions, stored hashed; each is used once (rotation). */
public interface RefreshTokenRepository {
    void save(RefreshToken token);

    /** Atomically marks the token used and returns it, if it existed, was unused and not expired at {@code now}. */
    Optional<RefreshToken> consume(String tokenHash, Instant now);
}
