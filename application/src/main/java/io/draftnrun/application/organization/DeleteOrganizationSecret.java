package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.OrganizationSecretRepository;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.organization.SecretKey;
import io.draftnrun.domain.shared.DomainException;

/** A writer deletes an organization secret; NOT_FOUND when there is none of that key. */
public final class DeleteOrganizationSecret {
    public record Command(OrganizationId organization, SecretKey key) {}

    private final OrganizationSecretRepository secrets;

    public DeleteOrganizationSecret(OrganizationSecretRepository secrets) {
        this.secrets = secrets;
    }

    public SecretKey handle(Actor actor, Command command) {
        actor.require(command.organization(), Right.WRITER);
        if (!secrets.delete(command.organization(), command.key())) {
            throw DomainException.notFound("secret");
        }
        return command.key();
    }
}
