package io.draftnrun.application.organization;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.organization.fake.InMemoryOrganizationSecretRepository;
import io.draftnrun.application.organization.fake.MutableClock;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.SecretKey;
import io.draftnrun.domain.organization.SecretType;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CachedSecretRepositoryTest {
    private static final OrganizationId ORG = new OrganizationId(UUID.randomUUID());
    private static final SecretKey KEY = new SecretKey("openai_api_key");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T00:00:00Z"));
    private final InMemoryOrganizationSecretRepository database = new InMemoryOrganizationSecretRepository();
    private final CachedSecretRepository cached = new CachedSecretRepository(database, clock, Duration.ofSeconds(5));

    private StoredSecret secret(String encrypted) {
        return new StoredSecret(ORG, KEY, SecretType.LLM_API_KEY, encrypted, clock.instant());
    }

    @Test
    void writesThroughThisRepositoryAreSeenAtOnce() {
        assertThat(cached.find(ORG, KEY)).isEmpty();
        cached.upsert(secret("v1"));
        assertThat(cached.find(ORG, KEY)).map(StoredSecret::encryptedValue).contains("v1");
        cached.upsert(secret("v2"));
        assertThat(cached.find(ORG, KEY)).map(StoredSecret::encryptedValue).contains("v2");
        assertThat(cached.delete(ORG, KEY)).isTrue();
        assertThat(cached.find(ORG, KEY)).isEmpty();
    }

    @Test
    void changesMadeElsewhereAreSeenOnceTheEntryExpires() {
        database.upsert(secret("v1"));
        assertThat(cached.find(ORG, KEY)).map(StoredSecret::encryptedValue).contains("v1");

        database.upsert(secret("v2")); // another server instance rotated the key
        clock.advance(Duration.ofSeconds(4));
        assertThat(cached.find(ORG, KEY))
                .as("kept for 5 s")
                .map(StoredSecret::encryptedValue)
                .contains("v1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(cached.find(ORG, KEY)).map(StoredSecret::encryptedValue).contains("v2");

        database.delete(ORG, KEY);
        clock.advance(Duration.ofSeconds(5));
        assertThat(cached.find(ORG, KEY)).isEqualTo(Optional.empty());
        assertThat(cached.list(ORG)).isEmpty();
    }
}
