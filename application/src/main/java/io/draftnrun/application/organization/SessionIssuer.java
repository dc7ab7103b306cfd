package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.AccessTokenIssuer;
import io.draftnrun.application.organization.port.RefreshTokenRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Issues the token pair of a local session: access token (15 min) and refresh token (30 days, stored hashed). */
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

    Session issue(VerifiedIdentity identity) {
        Instant now = clock.instant();
        String access = issuer.issue(identity, ACCESS_LIFETIME);
        String refresh = "rt_" + Hashing.randomToken(32);
        refreshTokens.save(new RefreshToken(Hashing.sha256Hex(refresh), identity.userId(), now.plus(REFRESH_LIFETIME)));
        return new Session(identity.userId(), access, now.plus(ACCESS_LIFETIME), refresh);
    }
}
