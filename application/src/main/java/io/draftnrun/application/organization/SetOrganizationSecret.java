package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.OrganizationRepository;
import io.draftnrun.application.organization.port.OrganizationSecretRepository;
import io.draftnrun.application.organization.port.SecretCipher;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.organization.SecretKey;
import io.draftnrun.domain.organization.SecretType;
import io.draftnrun.domain.shared.DomainException;
import java.time.Clock;

/** A writer stores (or replaces) an organization secret, encrypted; the value is never returned. */
public final class SetOrganizationSecret {
    public static final int MAX_VALUE = 16_384;

    public record Command(OrganizationId organization, SecretKey key, String value, SecretType type) {
        @Override
        public String toString() {
            return "SetOrganizationSecret.Command[" + organization + ", " + key + ", " + type + "]";
        }
    }

    private final OrganizationRepository organizations;
    private final OrganizationSecretRepository secrets;
    private final SecretCipher cipher;
    private final Clock clock;

    public SetOrganizationSecret(
            OrganizationRepository organizations,
            OrganizationSecretRepository secrets,
            SecretCipher cipher,
            Clock clock) {
        this.organizations = organizations;
        this.secrets = secrets;
        this.cipher = cipher;
        this.clock = clock;
    }

    public SecretInfo handle(Actor actor, Command command) {
        actor.require(command.organization(), Right.WRITER);
        organizations.find(command.organization()).orElseThrow(() -> DomainException.notFound("organization"));
        String value = command.value() == null ? "" : command.value();
        if (value.isEmpty() || value.length() > MAX_VALUE) {
            throw DomainException.validation("a secret value has 1 to " + MAX_VALUE + " characters");
        }
        StoredSecret stored = new StoredSecret(
                command.organization(), command.key(), command.type(), cipher.encrypt(value), clock.instant());
        secrets.upsert(stored);
        return SecretInfo.of(stored);
    }
}
