package io.draftnrun.application.organization.port;

import io.draftnrun.application.organization.StoredSecret;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.SecretKey;
import java.util.List;
import java.util.Optional;

/** Encrypted organization secrets, unique by (organization, key). */
public interface OrganizationSecretRepository {
    /** Inserts or replaces the secret of that key. */
    void upsert(StoredSecret secret);

    List<StoredSecret> list(OrganizationId organization);

    Optional<StoredSecret> find(OrganizationId organization, SecretKey key);

    /** Returns whether a secret was deleted. */
    boolean delete(OrganizationId organization, SecretKey key);
}
