package io.draftnrun.application.organization;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.organization.port.ApiKeyGrants;
import io.draftnrun.application.organization.port.UserAccess;
import io.draftnrun.application.shared.ManualDataChanges;
import io.draftnrun.application.shared.port.DataChanges.Change.ApiKeyChanged;
import io.draftnrun.application.shared.port.DataChanges.Change.ProjectChanged;
import io.draftnrun.application.shared.port.DataChanges.Change.UserChanged;
import io.draftnrun.domain.organization.ApiKey;
import io.draftnrun.domain.organization.ApiKeyId;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.project.ProjectId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** API key grants and users' access kept in memory, forgotten when the database announces a change to them. */
class CachedIdentityTest {
    private final ManualDataChanges changes = new ManualDataChanges().goLive();
    private final AtomicInteger reads = new AtomicInteger();
    private final OrganizationId org = new OrganizationId(UUID.randomUUID());
    private final UUID project = UUID.randomUUID();
    private final UserId creator = new UserId(UUID.randomUUID());
    private final Map<String, ApiKeyGrants.Grant> keys = new HashMap<>();
    private final CachedApiKeyGrants grants = new CachedApiKeyGrants(
            hash -> {
                reads.incrementAndGet();
                return Optional.ofNullable(keys.get(hash));
            },
            changes,
            Clock.systemUTC(),
            Duration.ofMinutes(1));

    private ApiKey key(String hash) {
        ApiKey key = new ApiKey(
                new ApiKeyId(UUID.randomUUID()),
                "k",
                hash,
                project,
                creator,
                Instant.now(),
                Optional.empty(),
                Optional.empty());
        keys.put(hash, new ApiKeyGrants.Grant(key, Optional.of(org)));
        return key;
    }

    private boolean active(String hash) {
        return grants.findByHash(hash).map(g -> g.key().active()).orElse(false);
    }

    @Test
    void aRevokedKeyIsRefusedOnceTheRevocationIsAnnounced() {
        ApiKey key = key("h1");
        assertThat(active("h1")).isTrue();
        keys.put("h1", new ApiKeyGrants.Grant(key.revoke(creator, Instant.now()), Optional.of(org)));
        assertThat(active("h1")).as("kept until announced").isTrue();
        assertThat(reads).hasValue(1);
        changes.announce(new ApiKeyChanged(Optional.of("h1")));
        assertThat(active("h1")).isFalse();
        assertThat(active("h1")).isFalse();
        assertThat(reads).as("a revoked key is never kept").hasValue(3);
    }

    @Test
    void unknownKeysAreNeverKeptAndADeletedProjectsKeysAreForgotten() {
        assertThat(grants.findByHash("guess")).isEmpty();
        assertThat(grants.findByHash("guess")).isEmpty();
        assertThat(grants.kept()).isZero();
        key("h1");
        key("h2");
        active("h1");
        active("h2");
        assertThat(grants.kept()).isEqualTo(2);
        changes.announce(new ProjectChanged(Optional.of(new ProjectId(UUID.randomUUID()))));
        assertThat(grants.kept()).isEqualTo(2);
        changes.announce(new ProjectChanged(Optional.of(new ProjectId(project))));
        assertThat(grants.kept()).isZero();
    }

    @Test
    void aUsersNewRoleAppliesAsSoonAsItIsAnnounced() {
        UserId user = new UserId(UUID.randomUUID());
        Map<OrganizationId, Role> roles = new HashMap<>(Map.of(org, Role.MEMBER));
        CachedUserAccess access = new CachedUserAccess(
                id -> {
                    reads.incrementAndGet();
                    return new UserAccess.Access(Optional.empty(), roles);
                },
                changes,
                Clock.systemUTC(),
                Duration.ofMinutes(1));
        assertThat(access.of(user).memberships()).containsEntry(org, Role.MEMBER);
        roles.put(org, Role.ADMIN);
        assertThat(access.of(user).memberships()).containsEntry(org, Role.MEMBER);
        changes.announce(new UserChanged(Optional.of(new UserId(UUID.randomUUID()))));
        assertThat(access.of(user).memberships()).containsEntry(org, Role.MEMBER);
        changes.announce(new UserChanged(Optional.of(user)));
        assertThat(access.of(user).memberships()).containsEntry(org, Role.ADMIN);
        roles.clear();
        changes.announce(new UserChanged(Optional.empty())); // a table emptied
        assertThat(access.of(user).memberships()).isEmpty();
        assertThat(reads).hasValue(3);
    }
}
