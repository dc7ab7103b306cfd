package io.draftnrun.application.organization.port;

import io.draftnrun.domain.organization.ApiKey;
import io.draftnrun.domain.organization.ApiKeyId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Project API keys (hashed). Keys are found by their hash through {@link ApiKeyGrants}. */
public interface ApiKeyRepository {
    void create(ApiKey key);

    Optional<ApiKey> find(ApiKeyId id);

    /** Active keys of a project, oldest first (then by id). */
    List<ApiKey> activeKeysOf(UUID projectId);

    void save(ApiKey key);
}
