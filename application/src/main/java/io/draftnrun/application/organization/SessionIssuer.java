package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.AccessTokenIssuer;
import io.draftnrun.application.organization.port.RefreshTokenRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Issues the token pair of a local session: access token (15 min, carrying the account's session epoch) and refresh
 * token (30 days, stored hashed, in the family of the sign-in it descends from).
 */
public final class SessionIssuer {
    public static final Duration ACCESS_LIFETIME = Duration.ofMinutes(15);
    public static final Duration REFRESH_LIFETIME = Duration.ofDays(30);

    private final AccessTokenIssuer issuer;
    private final RefreshTokenRepository refreshTokens;
    private final Clock clock;

    public SessionIssuer(AccessTokenIssuer issuer, RefreshTokenRepository refreshTokens, Clock clock) {
        this.issuer = issuer;
        this.refreshTokens = refreshTokens;
        this.clock = clock;
    }

    /** A session of a new sign-in: its refresh token starts a family. */
    Session issue(UserAccount account) {
        return issue(account, UUID.randomUUID());
    }

    /** A session continuing {@code family} (a refresh). */
    Session issue(UserAccount account, UUID family) {
        Instant now = clock.instant();
        String access = issuer.issue(VerifiedIdentity.local(account), ACCESS_LIFETIME);
        String refresh = "rt_" + Hashing.randomToken(32);
        refreshTokens.save(
                new RefreshToken(Hashing.sha256Hex(refresh), account.id(), now.plus(REFRESH_LIFETIME), family));
        return new Session(account.id(), access, now.plus(ACCESS_LIFETIME), refresh);
    }
}
