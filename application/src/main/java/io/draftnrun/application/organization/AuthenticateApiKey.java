package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.ApiKeyGrants;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.ApiKey;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;

/**
 * A project API key ({@code X-API-Key}) becomes an API-key {@link Actor}: the key's creator, acting in the project's
 * organization and only on that project. Unknown or revoked keys, and keys of deleted projects, are UNAUTHENTICATED.
 */
public final class AuthenticateApiKey {
    private final ApiKeyGrants grants;
    private final ApiKeyHashing hashing;

    public AuthenticateApiKey(ApiKeyGrants grants, ApiKeyHashing hashing) {
        this.grants = grants;
        this.hashing = hashing;
    }

    public Actor handle(String key) {
        if (key == null || key.isBlank() || key.length() > 200) {
            throw new DomainException(ErrorCode.UNAUTHENTICATED, "missing or malformed API key");
        }
        ApiKeyGrants.Grant grant = grants.findByHash(hashing.hash(key.strip()))
                .filter(g -> g.key().active())
                .orElseThrow(() -> new DomainException(ErrorCode.UNAUTHENTICATED, "unknown or revoked API key"));
        ApiKey stored = grant.key();
        OrganizationId organization = grant.organization()
                .orElseThrow(
                        () -> new DomainException(ErrorCode.UNAUTHENTICATED, "the key's project no longer exists"));
        return Actor.apiKey(stored.creator(), organization, stored.projectId());
    }
}
