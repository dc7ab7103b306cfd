package io.draftnrun.application.organization.fake;

import io.draftnrun.application.organization.port.ApiKeyRepository;
import io.draftnrun.domain.organization.ApiKey;
import io.draftnrun.domain.organization.ApiKeyId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

public final class InMemoryApiKeyRepository implements ApiKeyRepository {
    private final Map<ApiKeyId, ApiKey> keys = new ConcurrentHashMap<>();

    @Override
    public void create(ApiKey key) {
        keys.put(key.id(), key);
    }

    @Override
    public Optional<ApiKey> find(ApiKeyId id) {
        return Optional.ofNullable(keys.get(id));
    }

    /** The key with this hash (what {@link FakeApiKeyGrants} reads). */
    public Optional<ApiKey> findByHash(String keyHash) {
        return keys.values().stream().filter(k -> k.keyHash().equals(keyHash)).findFirst();
    }

    @Override
    public List<ApiKey> activeKeysOf(UUID projectId) {
        return keys.values().stream()
                .filter(k -> k.projectId().equals(projectId) && k.active())
                .sorted(Comparator.comparing(ApiKey::createdAt)
                        .thenComparing(k -> k.id().value().toString()))
                .toList();
    }

    @Override
    public void save(ApiKey key) {
        keys.put(key.id(), key);
    }

    /** Every stored row, for asserting that plaintext keys are never stored. */
    public List<ApiKey> all() {
        return List.copyOf(keys.values());
    }
}
