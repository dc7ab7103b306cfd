package io.draftnrun.application.organization.fake;

import io.draftnrun.application.organization.StoredSecret;
import io.draftnrun.application.organization.port.OrganizationSecretRepository;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.SecretKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

public final class InMemoryOrganizationSecretRepository implements OrganizationSecretRepository {
    private record Key(OrganizationId organization, SecretKey key) {}

    private final Map<Key, StoredSecret> secrets = new ConcurrentHashMap<>();

    @Override
    public void upsert(StoredSecret secret) {
        secrets.put(new Key(secret.organization(), secret.key()), secret);
    }

    @Override
    public List<StoredSecret> list(OrganizationId organization) {
        return secrets.values().stream()
                .filter(s -> s.organization().equals(organization))
                .toList();
    }

    @Override
    public Optional<StoredSecret> find(OrganizationId organization, SecretKey key) {
        return Optional.ofNullable(secrets.get(new Key(organization, key)));
    }

    @Override
    public boolean delete(OrganizationId organization, SecretKey key) {
        return secrets.remove(new Key(organization, key)) != null;
    }
}
