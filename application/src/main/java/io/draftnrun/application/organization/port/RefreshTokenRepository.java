package io.draftnrun.application.organization.port;

import io.draftnrun.application.organization.RefreshToken;
import java.time.Instant;
import java.util.Optional;

/**
 * Refresh tokens of local sessions, stored hashed; each is used once (rotation), and the tokens of one sign-in form a
 * family.
 */
public interface RefreshTokenRepository {
    void save(RefreshToken token);

    /**
     * Atomically marks the token used and returns it, if it existed, was unused, not revoked and not expired at
     * {@code now}.
     */
    Optional<RefreshToken> consume(String tokenHash, Instant now);

    /**
     * When the token exists and was used already (a replay: it was stolen, or its successor was), revokes every token
     * of its family at {@code now} and returns true.
     */
    boolean revokeFamilyIfUsed(String tokenHash, Instant now);
}
