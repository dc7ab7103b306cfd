package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.ApiKeyRepository;
import io.draftnrun.application.organization.port.ProjectOwnership;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.ApiKey;
import io.draftnrun.domain.organization.ApiKeyId;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.shared.DomainException;
import java.time.Clock;

/**
 * A writer of the key's project organization revokes it (kept, marked inactive). Unlike the reference, the key's own
 * project is the one checked.
 */
public final class RevokeApiKey {
    public record Command(ApiKeyId id) {}

    private final ApiKeyRepository keys;
    private final ProjectOwnership projects;
    private final Clock clock;

    public RevokeApiKey(ApiKeyRepository keys, ProjectOwnership projects, Clock clock) {
        this.keys = keys;
        this.projects = projects;
        this.clock = clock;
    }

    public ApiKey handle(Actor actor, Command command) {
        String what = "API key " + command.id();
        ApiKey key = keys.find(command.id()).orElseThrow(() -> DomainException.notFound(what));
        ProjectAccess.require(projects, actor, key.projectId(), Right.WRITER, what);
        if (!key.active()) {
            return key;
        }
        ApiKey revoked = key.revoke(actor.userId(), clock.instant());
        keys.save(revoked);
        return revoked;
    }
}
