package io.draftnrun.adapter.out.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Mints tokens shaped exactly like Supabase Auth's access tokens, for tests. */
public final class SupabaseTokens {
    private SupabaseTokens() {}

    /** The claims Supabase Auth puts in a user's access token (password sign-in), valid for an hour from now. */
    public static JWTClaimsSet.Builder claims(String projectUrl, UUID user) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(projectUrl + "/auth/v1")
                .subject(user.toString())
                .audience("authenticated")
                .expirationTime(Date.from(now.plusSeconds(3600)))
                .issueTime(Date.from(now))
                .claim("email", "user-" + user.toString().substring(0, 8) + "@example.com")
                .claim("phone", "")
                .claim("app_metadata", Map.of("provider", "email", "providers", List.of("email")))
                .claim("user_metadata", Map.of("email_verified", true))
                .claim("role", "authenticated")
                .claim("aal", "aal1")
                .claim("amr", List.of(Map.of("method", "password", "timestamp", now.getEpochSecond())))
                .claim("session_id", UUID.randomUUID().toString())
                .claim("is_anonymous", false);
    }

    public static String hs256(String secret, JWTClaimsSet.Builder claims) {
        return sign(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims,
                secret,
                null);
    }

    /** Signed with {@code key} (EC → ES256, RSA → RS256), header {@code kid} = the key's id. */
    public static String signed(JWK key, JWTClaimsSet.Builder claims) {
        JWSAlgorithm alg = key instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
        return sign(
                new JWSHeader.Builder(alg)
                        .type(JOSEObjectType.JWT)
                        .keyID(key.getKeyID())
                        .build(),
                claims,
                null,
                key);
    }

    private static String sign(JWSHeader header, JWTClaimsSet.Builder claims, String secret, JWK key) {
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            if (secret != null) {
                jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            } else if (key instanceof ECKey ec) {
                jwt.sign(new ECDSASigner(ec));
            } else {
                jwt.sign(new RSASSASigner((RSAKey) key));
            }
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
