package io.draftnrun.adapter.out.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a JDK HttpServer playing the Supabase project's JWKS endpoint. */
class SupabaseTokenVerifierTest {
    private static final String SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";

    private HttpServer server;
    private String projectUrl;
    private final AtomicReference<JWKSet> published = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private ECKey first;
    private SupabaseTokenVerifier verifier;

    @BeforeEach
    void start() throws Exception {
        first = new ECKeyGenerator(Curve.P_256).keyID("key-1").generate();
        published.set(new JWKSet(first.toPublicJWK()));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/auth/v1/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        projectUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        verifier = new SupabaseTokenVerifier(Optional.of(URI.create(projectUrl)), Optional.of(SECRET), Duration.ZERO);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void acceptsAnAsymmetricSupabaseTokenAndItsLegacyHs256Form() {
        UUID user = UUID.randomUUID();
        var identity = verifier.verify(SupabaseTokens.signed(first, SupabaseTokens.claims(projectUrl, user)));
        assertThat(identity).isPresent();
        assertThat(identity.get().userId()).isEqualTo(new UserId(user));
        assertThat(identity.get().email()).endsWith("@example.com");
        assertThat(verifier.verify(SupabaseTokens.hs256(SECRET, SupabaseTokens.claims(projectUrl, user))))
                .isPresent();
    }

    @Test
    void refusesExpiredTamperedWrongAudienceWrongIssuerAndUnknownKeyTokens() {
        UUID user = UUID.randomUUID();
        Instant past = Instant.now().minusSeconds(7200);
        assertRefused(SupabaseTokens.signed(
                first, SupabaseTokens.claims(projectUrl, user).expirationTime(Date.from(past))));
        assertRefused(SupabaseTokens.signed(
                first,
                SupabaseTokens.claims(projectUrl, user)
                        .notBeforeTime(Date.from(Instant.now().plusSeconds(3600)))));
        assertRefused(SupabaseTokens.signed(
                first, SupabaseTokens.claims(projectUrl, user).audience("anon")));
        assertRefused(SupabaseTokens.signed(first, SupabaseTokens.claims("https://evil.example", user)));
        assertRefused(SupabaseTokens.signed(
                first, SupabaseTokens.claims(projectUrl, user).claim("role", "anon")));
        assertRefused(SupabaseTokens.signed(
                first, SupabaseTokens.claims(projectUrl, user).claim("is_anonymous", true)));
        assertRefused(SupabaseTokens.hs256(SECRET + "x", SupabaseTokens.claims(projectUrl, user)));

        String good = SupabaseTokens.signed(first, SupabaseTokens.claims(projectUrl, user));
        String[] parts = good.split("\\.");
        String otherPayload = SupabaseTokens.signed(first, SupabaseTokens.claims(projectUrl, UUID.randomUUID()))
                .split("\\.")[1];
        assertRefused(parts[0] + "." + otherPayload + "." + parts[2]);

        ECKey stranger = generate("key-unknown");
        assertRefused(SupabaseTokens.signed(stranger, SupabaseTokens.claims(projectUrl, user)));
        assertRefused("garbage");
    }

    @Test
    void aRotatedKeyIsPickedUpWithoutRestart() throws Exception {
        UUID user = UUID.randomUUID();
        assertThat(verifier.verify(SupabaseTokens.signed(first, SupabaseTokens.claims(projectUrl, user))))
                .isPresent();
        int before = fetches.get();

        RSAKey second = new RSAKeyGenerator(2048).keyID("key-2").generate();
        published.set(new JWKSet(List.<JWK>of(second.toPublicJWK(), first.toPublicJWK())));
        assertThat(verifier.verify(SupabaseTokens.signed(second, SupabaseTokens.claims(projectUrl, user))))
                .isPresent();
        assertThat(fetches.get()).isGreaterThan(before);

        // the old key is retired: its tokens stop working once the set is fetched again
        published.set(new JWKSet(second.toPublicJWK()));
        assertRefused(SupabaseTokens.signed(generate("key-3"), SupabaseTokens.claims(projectUrl, user)));
        assertRefused(SupabaseTokens.signed(first, SupabaseTokens.claims(projectUrl, user)));
    }

    @Test
    void aSecretOnlyConfigurationChecksAudienceAndSignature() {
        var legacy = new SupabaseTokenVerifier(Optional.empty(), Optional.of(SECRET), Duration.ofSeconds(10));
        UUID user = UUID.randomUUID();
        assertThat(legacy.verify(SupabaseTokens.hs256(SECRET, SupabaseTokens.claims(projectUrl, user))))
                .isPresent();
        assertThatThrownBy(() -> legacy.verify(SupabaseTokens.signed(first, SupabaseTokens.claims(projectUrl, user))))
                .isInstanceOf(DomainException.class);
    }

    private static ECKey generate(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertRefused(String token) {
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.UNAUTHENTICATED);
    }
}
