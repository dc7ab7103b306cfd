package io.draftnrun.application.organization.fake;

import io.draftnrun.application.organization.RefreshToken;
import io.draftnrun.application.organization.port.RefreshTokenRepository;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

public final class InMemoryRefreshTokenRepository implements RefreshTokenRepository {
    private final Map<String, RefreshToken> tokens = new ConcurrentHashMap<>();

    @Override
    public void save(RefreshToken token) {
        tokens.put(token.tokenHash(), token);
    }

    @Override
    public Optional<RefreshToken> consume(String tokenHash, Instant now) {
        return Optional.ofNullable(tokens.remove(tokenHash))
                .filter(t -> t.expiresAt().isAfter(now));
    }
}
