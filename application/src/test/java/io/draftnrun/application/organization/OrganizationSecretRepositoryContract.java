package io.draftnrun.application.organization;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.organization.port.OrganizationSecretRepository;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.SecretKey;
import io.draftnrun.domain.organization.SecretType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * What every organization secret repository does: one secret per (organization, key), replaced by an upsert, stored
 * as the given token (the repository never sees a clear value), and each organization sees only its own secrets.
 */
public abstract class OrganizationSecretRepositoryContract {
    protected abstract OrganizationSecretRepository repository();

    /** An organization the store accepts secrets for (a real store needs its row). */
    protected abstract OrganizationId newOrganization();

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @Test
    void anUpsertReplacesTheSecretOfItsKey() {
        OrganizationId org = newOrganization();
        SecretKey key = new SecretKey("openai_api_key");
        repository().upsert(new StoredSecret(org, key, SecretType.LLM_API_KEY, "gAAAA-one", now));
        StoredSecret second = new StoredSecret(org, key, SecretType.PASSWORD, "gAAAA-two", now.plusSeconds(3));
        repository().upsert(second);

        assertThat(repository().list(org)).singleElement().satisfies(s -> {
            assertThat(s.organization()).isEqualTo(org);
            assertThat(s.key()).isEqualTo(key);
            assertThat(s.encryptedValue()).isEqualTo("gAAAA-two");
            assertThat(s.type()).isEqualTo(SecretType.PASSWORD);
            assertThat(s.updatedAt()).isEqualTo(now.plusSeconds(3));
        });
        assertThat(repository().find(org, key)).contains(second);
    }

    @Test
    void everyKeyIsKeptAndAnUnknownOneIsEmpty() {
        OrganizationId org = newOrganization();
        for (String key : java.util.List.of("b.key", "A-key", "c_key")) {
            repository().upsert(new StoredSecret(org, new SecretKey(key), SecretType.PASSWORD, "gAAAA-" + key, now));
        }
        assertThat(repository().list(org))
                .extracting(s -> s.key().value() + "=" + s.encryptedValue())
                .containsExactlyInAnyOrder("b.key=gAAAA-b.key", "A-key=gAAAA-A-key", "c_key=gAAAA-c_key");
        assertThat(repository().find(org, new SecretKey("missing"))).isEmpty();
        assertThat(repository().find(org, new SecretKey("a-key")))
                .as("keys are case-sensitive")
                .isEmpty();
    }

    @Test
    void oneOrganizationNeverSeesOrTouchesAnothersSecrets() {
        OrganizationId mine = newOrganization();
        OrganizationId theirs = newOrganization();
        SecretKey key = new SecretKey("shared_name");
        StoredSecret my = new StoredSecret(mine, key, SecretType.LLM_API_KEY, "gAAAA-mine", now);
        StoredSecret their = new StoredSecret(theirs, key, SecretType.LLM_API_KEY, "gAAAA-theirs", now);
        repository().upsert(my);
        repository().upsert(their);

        assertThat(repository().list(mine)).containsExactly(my);
        assertThat(repository().find(theirs, key)).contains(their);
        assertThat(repository().list(newOrganization())).isEmpty();

        assertThat(repository().delete(theirs, key)).isTrue();
        assertThat(repository().find(mine, key)).contains(my);
        assertThat(repository().find(theirs, key)).isEmpty();
    }

    @Test
    void aDeleteIsTrueOnceThenFalse() {
        OrganizationId org = newOrganization();
        SecretKey key = new SecretKey("doomed");
        repository().upsert(new StoredSecret(org, key, SecretType.PASSWORD, "gAAAA-x", now));
        assertThat(repository().delete(org, key)).isTrue();
        assertThat(repository().delete(org, key)).isFalse();
        assertThat(repository().delete(org, new SecretKey("never"))).isFalse();
        assertThat(repository().list(org)).isEmpty();
        assertThat(repository().find(org, key)).isEmpty();
    }
}
