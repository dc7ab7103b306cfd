package io.draftnrun.application.organization;

import io.draftnrun.domain.organization.SecretKey;
import io.draftnrun.domain.organization.SecretType;
import java.time.Instant;

/** What callers may see of a secret: its key, type and last change; never the value. */
public record SecretInfo(SecretKey key, SecretType type, Instant updatedAt) {
    static SecretInfo of(StoredSecret stored) {
        return new SecretInfo(stored.key(), stored.type(), stored.updatedAt());
    }
}
