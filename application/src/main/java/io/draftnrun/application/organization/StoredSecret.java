package io.draftnrun.application.organization;

import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.SecretKey;
import io.draftnrun.domain.organization.SecretType;
import java.time.Instant;
import java.util.Objects;

/** An organization secret as stored: the Fernet token, never the value. */
public record StoredSecret(
        OrganizationId organization, SecretKey key, SecretType type, String encryptedValue, Instant updatedAt) {
    public StoredSecret {
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(encryptedValue, "encryptedValue");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    @Override
    public String toString() {
        return "StoredSecret[" + organization + ", " + key + ", " + type + "]";
    }
}
