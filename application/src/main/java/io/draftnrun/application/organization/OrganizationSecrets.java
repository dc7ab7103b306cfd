package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.OrganizationSecretRepository;
import io.draftnrun.application.organization.port.SecretCipher;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.SecretKey;
import java.util.Optional;

/**
 * Internal access to decrypted organization secrets, for runs (e.g. an organization's {@code openai_api_key}). Not
 * exposed over any API; the caller has already authorized the run. Values must not be logged.
 */
public final class OrganizationSecrets {
    private final OrganizationSecretRepository secrets;
    private final SecretCipher cipher;

    public OrganizationSecrets(OrganizationSecretRepository secrets, SecretCipher cipher) {
        this.secrets = secrets;
        this.cipher = cipher;
    }

    public Optional<String> plaintext(OrganizationId organization, String key) {
        SecretKey secretKey;
        try {
            secretKey = new SecretKey(key);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return secrets.find(organization, secretKey).map(s -> cipher.decrypt(s.encryptedValue()));
    }

    /** The names of the organization's secrets, nothing decrypted (what a saved graph may refer to). */
    public java.util.Set<String> names(OrganizationId organization) {
        return secrets.list(organization).stream()
                .map(s -> s.key().value())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
