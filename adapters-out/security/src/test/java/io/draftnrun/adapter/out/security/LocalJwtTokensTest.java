package io.draftnrun.adapter.out.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.organization.VerifiedIdentity;
import io.draftnrun.application.organization.fake.MutableClock;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LocalJwtTokensTest {
    private final MutableClock clock = new MutableClock(Instant.now());
    private final LocalJwtTokens tokens = new LocalJwtTokens("backend-secret", clock);
    private final VerifiedIdentity alice =
            new VerifiedIdentity(new UserId(UUID.randomUUID()), "alice@example.com", true, 3);

    @Test
    void issuedTokensVerifyUntilTheyExpireEvenOnceRemembered() {
        String token = tokens.issue(alice, Duration.ofMinutes(15));
        assertThat(tokens.verify(token)).contains(alice);
        clock.advance(Duration.ofMinutes(14));
        assertThat(tokens.verify(token)).contains(alice);
        clock.advance(Duration.ofMinutes(2));
        assertRefused(token);
    }

    @Test
    void aTokenSaysItIsLocalAndCarriesTheSessionEpochItWasIssuedIn() {
        VerifiedIdentity verified =
                tokens.verify(tokens.issue(alice, Duration.ofMinutes(15))).orElseThrow();
        assertThat(verified.local()).isTrue();
        assertThat(verified.sessionEpoch()).isEqualTo(3);
    }

    @Test
    void tamperedOrForeignKeyTokensAreRefused() {
        String token = tokens.issue(alice, Duration.ofMinutes(15));
        assertThat(tokens.verify(token)).contains(alice); // the genuine one is remembered: its variants are not
        String[] parts = token.split("\\.");
        String otherPayload = tokens.issue(
                        new VerifiedIdentity(new UserId(UUID.randomUUID()), "x@y"), Duration.ofMinutes(5))
                .split("\\.")[1];
        assertRefused(parts[0] + "." + otherPayload + "." + parts[2]);
        assertRefused(new LocalJwtTokens("another-secret", clock).issue(alice, Duration.ofMinutes(5)));
    }

    @Test
    void tokensOfOtherIssuersAreLeftToOtherVerifiers() {
        assertThat(tokens.verify("not-a-jwt")).isEmpty();
        assertThat(tokens.verify(SupabaseTokens.hs256(
                        "secret-of-supabase-at-least-32-bytes-long",
                        SupabaseTokens.claims("https://x.supabase.co", UUID.randomUUID()))))
                .isEmpty();
    }

    private void assertRefused(String token) {
        assertThatThrownBy(() -> tokens.verify(token))
                .isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.UNAUTHENTICATED);
    }
}
