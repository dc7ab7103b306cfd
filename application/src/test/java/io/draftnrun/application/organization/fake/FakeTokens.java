package io.draftnrun.application.organization.fake;

import io.draftnrun.application.organization.VerifiedIdentity;
import io.draftnrun.application.organization.port.AccessTokenIssuer;
import io.draftnrun.application.organization.port.TokenVerifier;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Duration;
import java.util.Optional;

/**
 * Unsigned tokens: {@code fake:<user id>:<email>} as an external issuer's, {@code local:<user id>:<epoch>:<email>} as
 * this backend's sessions; an issuer and the verifier responsible for them.
 */
public final class FakeTokens implements AccessTokenIssuer, TokenVerifier {
    @Override
    public String issue(VerifiedIdentity identity, Duration lifetime) {
        return identity.local()
                ? "local:" + identity.userId() + ":" + identity.sessionEpoch() + ":" + identity.email()
                : token(identity.userId(), identity.email());
    }

    public static String token(UserId user, String email) {
        return "fake:" + user + ":" + email;
    }

    @Override
    public Optional<VerifiedIdentity> verify(String token) {
        if (token.startsWith("local:")) {
            String[] parts = token.split(":", 4);
            return Optional.of(new VerifiedIdentity(UserId.of(parts[1]), parts[3], true, Integer.parseInt(parts[2])));
        }
        if (!token.startsWith("fake:")) {
            return Optional.empty();
        }
        String[] parts = token.split(":", 3);
        try {
            return Optional.of(new VerifiedIdentity(UserId.of(parts[1]), parts.length > 2 ? parts[2] : ""));
        } catch (RuntimeException e) {
            throw new DomainException(ErrorCode.UNAUTHENTICATED, "bad fake token");
        }
    }
}
