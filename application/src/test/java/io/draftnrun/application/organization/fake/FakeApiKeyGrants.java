package io.draftnrun.application.organization.fake;

import io.draftnrun.application.organization.port.ApiKeyGrants;
import java.util.Optional;

/** Grants read from the in-memory keys and the fake project ownership, as the store's join would. */
public final class FakeApiKeyGrants implements ApiKeyGrants {
    private final InMemoryApiKeyRepository keys;
    private final FakeProjectOwnership projects;

    public FakeApiKeyGrants(InMemoryApiKeyRepository keys, FakeProjectOwnership projects) {
        this.keys = keys;
        this.projects = projects;
    }

    @Override
    public Optional<Grant> findByHash(String keyHash) {
        return keys.findByHash(keyHash).map(k -> new Grant(k, projects.organizationOf(k.projectId())));
    }
}
