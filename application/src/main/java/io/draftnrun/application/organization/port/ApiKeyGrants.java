package io.draftnrun.application.organization.port;

import io.draftnrun.domain.organization.ApiKey;
import io.draftnrun.domain.organization.OrganizationId;
import java.util.Objects;
import java.util.Optional;

/**
 * What a presented API key grants, read in one look-up (every REST run authenticates its key): the key found by its
 * hash and the organization that owns the key's project.
 */
public interface ApiKeyGrants {

    /** A stored key and the organization owning its project; empty when that project no longer exists. */
    record Grant(ApiKey key, Optional<OrganizationId> organization) {
        public Grant {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(organization, "organization");
        }
    }

    /** The key with this hash (active or not) and its project's organization. */
    Optional<Grant> findByHash(String keyHash);
}
