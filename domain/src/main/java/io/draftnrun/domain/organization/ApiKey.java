package io.draftnrun.domain.organization;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A project API key as stored: its name, the hash of the key (never the key), who created it and when, and whether
 * it was revoked. Keys are never deleted.
 */
public record ApiKey(
        ApiKeyId id,
        String name,
        String keyHash,
        UUID projectId,
        UserId creator,
        Instant createdAt,
        Optional<UserId> revoker,
        Optional<Instant> revokedAt) {
    public static final int MAX_NAME = 200;

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(creator, "creator");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(revoker, "revoker");
        Objects.requireNonNull(revokedAt, "revokedAt");
        name = name == null ? "" : name.strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw io.draftnrun.domain.shared.DomainException.validation(
                    "an API key name has 1 to " + MAX_NAME + " characters");
        }
    }

    public boolean active() {
        return revokedAt.isEmpty();
    }

    public ApiKey revoke(UserId by, Instant at) {
        return new ApiKey(id, name, keyHash, projectId, creator, createdAt, Optional.of(by), Optional.of(at));
    }
}
