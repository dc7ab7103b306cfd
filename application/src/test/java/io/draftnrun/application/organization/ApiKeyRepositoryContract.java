package io.draftnrun.application.organization;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.organization.port.ApiKeyGrants;
import io.draftnrun.application.organization.port.ApiKeyRepository;
import io.draftnrun.domain.organization.ApiKey;
import io.draftnrun.domain.organization.ApiKeyId;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.UserId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every API key store does: keys are stored by hash (never the key), found by id and by hash with their project's
 * organization ({@link ApiKeyGrants}), listed per project oldest first while active, and revoked by a save that keeps
 * the row; a deleted project's keys grant no organization.
 */
public abstract class ApiKeyRepositoryContract {
    protected abstract ApiKeyRepository repository();

    protected abstract ApiKeyGrants grants();

    /** A project of {@code organization} that keys may belong to. */
    protected abstract UUID newProject(OrganizationId organization);

    protected abstract void deleteProject(UUID project);

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private final UserId creator = new UserId(UUID.randomUUID());

    private static String hash() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    protected ApiKey newKey(UUID project, String name, Instant createdAt) {
        ApiKey key = new ApiKey(
                new ApiKeyId(UUID.randomUUID()),
                name,
                hash(),
                project,
                creator,
                createdAt,
                Optional.empty(),
                Optional.empty());
        repository().create(key);
        return key;
    }

    @Test
    void aKeyIsFoundByIdAndByHashWithItsProjectsOrganization() {
        OrganizationId org = new OrganizationId(UUID.randomUUID());
        UUID project = newProject(org);
        ApiKey key = newKey(project, "ci", now);

        assertThat(repository().find(key.id())).contains(key);
        assertThat(grants().findByHash(key.keyHash())).contains(new ApiKeyGrants.Grant(key, Optional.of(org)));
        assertThat(repository().find(new ApiKeyId(UUID.randomUUID()))).isEmpty();
        assertThat(grants().findByHash(hash())).isEmpty();
    }

    @Test
    void activeKeysAreListedPerProjectOldestFirst() {
        OrganizationId org = new OrganizationId(UUID.randomUUID());
        UUID project = newProject(org);
        UUID other = newProject(new OrganizationId(UUID.randomUUID()));
        ApiKey newer = newKey(project, "newer", now.plusSeconds(10));
        ApiKey older = newKey(project, "older", now);
        ApiKey elsewhere = newKey(other, "elsewhere", now);

        assertThat(repository().activeKeysOf(project)).containsExactly(older, newer);
        assertThat(repository().activeKeysOf(other)).containsExactly(elsewhere);
        assertThat(repository().activeKeysOf(UUID.randomUUID())).isEmpty();
    }

    @Test
    void aRevokedKeyLeavesTheActiveListButStaysFoundAsRevoked() {
        UUID project = newProject(new OrganizationId(UUID.randomUUID()));
        ApiKey key = newKey(project, "ci", now);
        ApiKey kept = newKey(project, "kept", now.plusSeconds(1));
        UserId revoker = new UserId(UUID.randomUUID());
        ApiKey revoked = key.revoke(revoker, now.plusSeconds(60));
        repository().save(revoked);

        assertThat(repository().activeKeysOf(project)).containsExactly(kept);
        assertThat(repository().find(key.id())).contains(revoked);
        assertThat(repository().find(key.id()).orElseThrow().active()).isFalse();
        ApiKeyGrants.Grant grant = grants().findByHash(key.keyHash()).orElseThrow();
        assertThat(grant.key()).isEqualTo(revoked);
        assertThat(grant.key().revoker()).contains(revoker);
    }

    @Test
    void aDeletedProjectsKeysGrantNoOrganization() {
        UUID project = newProject(new OrganizationId(UUID.randomUUID()));
        ApiKey key = newKey(project, "ci", now);
        deleteProject(project);
        assertThat(grants().findByHash(key.keyHash()).flatMap(ApiKeyGrants.Grant::organization))
                .isEmpty();
    }
}
