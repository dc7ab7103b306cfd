package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.ApiKeyGrants;
import io.draftnrun.application.shared.ChangeAwareCache;
import io.draftnrun.application.shared.port.DataChanges;
import io.draftnrun.domain.project.ProjectId;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps what active API keys grant in memory (every REST run authenticates its key) while the feed of data changes is
 * live; a key is forgotten as soon as it is revoked or deleted, or its project deleted, on any instance. Unknown and
 * revoked keys are never kept (a guessed key fills nothing). Only keys' hashes are held, as the database holds them.
 */
public final class CachedApiKeyGrants implements ApiKeyGrants {
    private final ApiKeyGrants delegate;
    private final ChangeAwareCache<String, Optional<Grant>> grants;

    public CachedApiKeyGrants(ApiKeyGrants delegate, DataChanges changes, Clock clock, Duration keepFor) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.grants = new ChangeAwareCache<>(clock, keepFor, 10_000);
        changes.subscribe(grants.listener(this::changed));
    }

    @Override
    public Optional<Grant> findByHash(String keyHash) {
        return grants.get(
                keyHash,
                () -> delegate.findByHash(keyHash),
                g -> g.isPresent()
                        && g.get().key().active()
                        && g.get().organization().isPresent());
    }

    private void changed(DataChanges.Change change) {
        switch (change) {
            case DataChanges.Change.ApiKeyChanged(Optional<String> keyHash) ->
                keyHash.ifPresentOrElse(grants::forget, grants::forgetAll);
            case DataChanges.Change.ProjectChanged(Optional<ProjectId> project) ->
                project.ifPresentOrElse(
                        id -> grants.forgetIf((hash, grant) -> grant.map(
                                        g -> g.key().projectId().equals(id.value()))
                                .orElse(true)),
                        grants::forgetAll);
            case DataChanges.Change.GraphChanged ignored -> {}
            case DataChanges.Change.UserChanged ignored -> {}
        }
    }

    /** Keys kept now (for tests). */
    int kept() {
        return grants.size();
    }
}
