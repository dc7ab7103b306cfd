package io.draftnrun.application.organization.fake;

import io.draftnrun.application.organization.RefreshToken;
import io.draftnrun.application.organization.port.RefreshTokenRepository;
import io.draftnrun.domain.organization.UserId;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

public final class InMemoryRefreshTokenRepository implements RefreshTokenRepository {
    private record Stored(RefreshToken token, boolean used, boolean revoked) {}

    private final Map<String, Stored> tokens = new HashMap<>();

    @Override
    public synchronized void save(RefreshToken token) {
        tokens.put(token.tokenHash(), new Stored(token, false, false));
    }

    @Override
    public synchronized Optional<RefreshToken> consume(String tokenHash, Instant now) {
        Stored s = tokens.get(tokenHash);
        if (s == null || s.used() || s.revoked() || !s.token().expiresAt().isAfter(now)) {
            return Optional.empty();
        }
        tokens.put(tokenHash, new Stored(s.token(), true, false));
        return Optional.of(s.token());
    }

    @Override
    public synchronized boolean revokeFamilyIfUsed(String tokenHash, Instant now) {
        Stored s = tokens.get(tokenHash);
        if (s == null || !s.used()) {
            return false;
        }
        tokens.replaceAll(
                (hash, t) -> t.token().family().equals(s.token().family()) ? new Stored(t.token(), t.used(), true) : t);
        return true;
    }

    /** Revokes every token of the user (a password change, a deletion). */
    public synchronized void revokeAllOf(UserId user, Instant at) {
        tokens.replaceAll((hash, t) -> t.token().user().equals(user) ? new Stored(t.token(), t.used(), true) : t);
    }
}
