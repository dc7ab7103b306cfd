package io.draftnrun.adapter.out.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.draftnrun.application.organization.VerifiedIdentity;
import io.draftnrun.application.organization.port.TokenVerifier;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supabase Auth access tokens verified locally, without calling Supabase per request: asymmetric signatures (RS256,
 * ES256) with the project's JWKS ({@code SUPABASE_PROJECT_URL/auth/v1/.well-known/jwks.json}, cached and fetched again
 * when a token names an unknown key id, so key rotation needs no restart) and the legacy shared HS256 secret
 * ({@code SUPABASE_JWT_SECRET}). Checks {@code exp}, {@code nbf}, {@code iss} (when the project URL is known),
 * {@code aud = authenticated}, {@code role = authenticated} and a UUID {@code sub}; anonymous sessions are refused.
 */
public final class SupabaseTokenVerifier implements TokenVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(SupabaseTokenVerifier.class);
    private static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /**
     * @param projectUrl {@code SUPABASE_PROJECT_URL} (e.g. {@code https://abc.supabase.co}), or empty
     * @param jwtSecret {@code SUPABASE_JWT_SECRET} (legacy HS256), or empty
     * @param minRefreshInterval at least this long between two JWKS fetches (guards against unknown-kid floods)
     */
    public SupabaseTokenVerifier(Optional<URI> projectUrl, Optional<String> jwtSecret, Duration minRefreshInterval) {
        if (projectUrl.isEmpty() && jwtSecret.isEmpty()) {
            throw new IllegalArgumentException("SUPABASE_PROJECT_URL or SUPABASE_JWT_SECRET is required");
        }
        Optional<String> base = projectUrl.map(u -> u.toString().replaceAll("/+$", ""));
        JWKSource<SecurityContext> jwks =
                base.map(b -> jwkSource(b, minRefreshInterval)).orElse(null);
        Key secret = jwtSecret
                .map(s -> (Key) new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                .orElse(null);
        JWSVerificationKeySelector<SecurityContext> jwksSelector =
                jwks == null ? null : new JWSVerificationKeySelector<>(ASYMMETRIC, jwks);
        JWSKeySelector<SecurityContext> selector = (header, context) -> {
            JWSAlgorithm alg = header.getAlgorithm();
            if (JWSAlgorithm.HS256.equals(alg)) {
                return secret == null ? List.of() : List.of(secret);
            }
            if (ASYMMETRIC.contains(alg) && jwksSelector != null) {
                return jwksSelector.selectJWSKeys(header, context);
            }
            return List.of();
        };
        processor.setJWSKeySelector(selector);
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder().claim("role", "authenticated");
        base.ifPresent(b -> exact.issuer(b + "/auth/v1"));
        processor.setJWTClaimsSetVerifier(
                new DefaultJWTClaimsVerifier<>("authenticated", exact.build(), Set.of("sub", "exp")));
    }

    private static JWKSource<SecurityContext> jwkSource(String base, Duration minRefreshInterval) {
        try {
            var url = URI.create(base + "/auth/v1/.well-known/jwks.json").toURL();
            JWKSourceBuilder<SecurityContext> builder = JWKSourceBuilder.<SecurityContext>create(url)
                    .cache(
                            Duration.ofMinutes(10).toMillis(),
                            Duration.ofSeconds(15).toMillis())
                    .retrying(false)
                    .outageTolerant(false);
            builder = minRefreshInterval.isZero()
                    ? builder.rateLimited(false)
                    : builder.rateLimited(minRefreshInterval.toMillis());
            return builder.build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("SUPABASE_PROJECT_URL is not a valid URL");
        }
    }

    @Override
    public Optional<VerifiedIdentity> verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw refused("not a JWT");
        } catch (KeySourceException e) {
            LOG.warn("cannot fetch the Supabase signing keys: {}", e.getMessage());
            throw refused("the signing keys cannot be fetched");
        } catch (BadJOSEException | JOSEException e) {
            throw refused(e.getMessage());
        }
        if (Boolean.TRUE.equals(claims.getClaim("is_anonymous"))) {
            throw refused("anonymous sessions are not accepted");
        }
        UserId user;
        try {
            user = UserId.of(claims.getSubject());
        } catch (RuntimeException e) {
            throw refused("the subject is not a user id");
        }
        Object email = claims.getClaim("email");
        return Optional.of(new VerifiedIdentity(user, email instanceof String s ? s : ""));
    }

    private static DomainException refused(String why) {
        return new DomainException(ErrorCode.UNAUTHENTICATED, "invalid Supabase access token: " + why);
    }
}
