package io.draftnrun.adapter.out.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.draftnrun.application.organization.VerifiedIdentity;
import io.draftnrun.application.organization.port.AccessTokenIssuer;
import io.draftnrun.application.organization.port.TokenVerifier;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens of local accounts: HS256 JWTs with issuer {@value #ISSUER}, audience {@value #AUDIENCE}, subject the
 * user id, signed with a key derived from {@code BACKEND_SECRET_KEY} (SHA-256, so any secret length works), carrying
 * the account's session epoch. The verifier answers only for tokens of that issuer; whether the account still exists
 * and the epoch is still its own is the application's check, at every request.
 */
public final class LocalJwtTokens implements AccessTokenIssuer, TokenVerifier {
    public static final String ISSUER = "draftnrun";
    public static final String AUDIENCE = "draftnrun";
    private static final Duration LEEWAY = Duration.ofSeconds(30);
    /** The account's session epoch when the token was issued (a password change raises it, ending the session). */
    static final String SESSION_EPOCH = "sep";

    /** Tokens seen to be valid, by their exact text: the signature is checked once, the times at every use. */
    private static final int REMEMBERED = 4_096;

    private final byte[] key;
    private final Clock clock;
    private final Map<String, Checked> checked = new ConcurrentHashMap<>();

    /** A token whose signature, issuer and audience were verified, with its validity window. */
    private record Checked(VerifiedIdentity identity, Instant expires, Optional<Instant> notBefore) {}

    public LocalJwtTokens(String backendSecret, Clock clock) {
        if (backendSecret == null || backendSecret.isBlank()) {
            throw new IllegalArgumentException("BACKEND_SECRET_KEY is empty");
        }
        this.key = derive(backendSecret);
        this.clock = clock;
    }

    private static byte[] derive(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(("draftnrun-access-token:" + secret).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String issue(VerifiedIdentity identity, Duration lifetime) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(identity.userId().toString())
                .claim("email", identity.email())
                .claim(SESSION_EPOCH, identity.sessionEpoch())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an access token", e);
        }
        return jwt.serialize();
    }

    @Override
    public Optional<VerifiedIdentity> verify(String token) {
        Checked known = checked.get(token);
        if (known != null) {
            return Optional.of(valid(known));
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return Optional.empty(); // not a JWT: not ours
        }
        if (!ISSUER.equals(claims.getIssuer())) {
            return Optional.empty();
        }
        try {
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new MACVerifier(key))) {
                throw refused("bad signature");
            }
        } catch (JOSEException e) {
            throw refused("bad signature");
        }
        if (claims.getExpirationTime() == null) {
            throw refused("the token has expired; refresh or sign in again");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(AUDIENCE)) {
            throw refused("wrong audience");
        }
        VerifiedIdentity identity;
        try {
            Object email = claims.getClaim("email");
            // tokens issued before session epochs existed carry none: the account's first epoch
            Object epoch = claims.getClaim(SESSION_EPOCH);
            identity = new VerifiedIdentity(
                    UserId.of(claims.getSubject()),
                    email instanceof String s ? s : "",
                    true,
                    epoch instanceof Number n ? n.intValue() : 0);
        } catch (RuntimeException e) {
            throw refused("missing or malformed subject");
        }
        Checked verified = new Checked(
                identity,
                claims.getExpirationTime().toInstant(),
                Optional.ofNullable(claims.getNotBeforeTime()).map(Date::toInstant));
        VerifiedIdentity result = valid(verified);
        if (checked.size() >= REMEMBERED) {
            checked.clear(); // bounded: start again rather than track ages
        }
        checked.put(token, verified);
        return Optional.of(result);
    }

    /** The identity of a verified token when it is valid now (with leeway), else UNAUTHENTICATED. */
    private VerifiedIdentity valid(Checked token) {
        Instant now = clock.instant();
        if (!now.isBefore(token.expires().plus(LEEWAY))) {
            throw refused("the token has expired; refresh or sign in again");
        }
        if (token.notBefore().isPresent()
                && now.plus(LEEWAY).isBefore(token.notBefore().get())) {
            throw refused("the token is not valid yet");
        }
        return token.identity();
    }

    static DomainException refused(String why) {
        return new DomainException(ErrorCode.UNAUTHENTICATED, "invalid access token: " + why);
    }
}
