package io.draftnrun.bootstrap.e2e;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Signed-in users for end-to-end tests: the first super-admin (local account of {@link SharedServer}) and any number
 * of users holding a Supabase-shaped access token signed with the servers' legacy {@code SUPABASE_JWT_SECRET}.
 */
public final class Users {
    public static final String SUPABASE_SECRET = "e2e-supabase-jwt-secret-with-at-least-32-characters";
    public static final String ADMIN_EMAIL = "admin@example.com";
    public static final String ADMIN_PASSWORD = "admin-password-for-tests";

    private Users() {}

    /** A fresh user's client (the user is remembered by the server on first request). */
    public static GraphQlClient newUser(GraphQlClient anonymous, String emailPrefix) {
        UUID id = UUID.randomUUID();
        String email = emailPrefix + "-" + id.toString().substring(0, 8) + "@example.com";
        GraphQlClient client =
                anonymous.withToken(supabaseToken(id, email, Instant.now().plusSeconds(3600), "authenticated"));
        client.data("{ me { id } }");
        return client;
    }

    public static String emailOf(GraphQlClient client) {
        return client.data("{ me { email } }").get("me").get("email").asText();
    }

    /** The first super-admin, signed in through {@code login}. */
    public static GraphQlClient admin(GraphQlClient anonymous) {
        var data = anonymous.data(GraphQlDocuments.named("Login"), Map.of("e", ADMIN_EMAIL, "p", ADMIN_PASSWORD));
        return anonymous.withToken(data.get("login").get("accessToken").asText());
    }

    /** A token shaped like Supabase Auth's. */
    public static String supabaseToken(UUID user, String email, Instant expires, String audience) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer("http://127.0.0.1:54321/auth/v1")
                .subject(user.toString())
                .audience(audience)
                .expirationTime(Date.from(expires))
                .issueTime(Date.from(now))
                .claim("email", email)
                .claim("phone", "")
                .claim("app_metadata", Map.of("provider", "email", "providers", List.of("email")))
                .claim("user_metadata", Map.of())
                .claim("role", "authenticated")
                .claim("aal", "aal1")
                .claim("amr", List.of(Map.of("method", "password", "timestamp", now.getEpochSecond())))
                .claim("session_id", UUID.randomUUID().toString())
                .claim("is_anonymous", false)
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        try {
            jwt.sign(new MACSigner(SUPABASE_SECRET.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
