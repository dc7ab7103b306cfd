package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.OrganizationRepository;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.Member;
import io.draftnrun.domain.organization.Organization;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.shared.DomainException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** Any signed-in user (not an API key) creates an organization and becomes its admin. */
public final class CreateOrganization {
    public record Command(String name) {}

    private final OrganizationRepository organizations;
    private final Clock clock;

    public CreateOrganization(OrganizationRepository organizations, Clock clock) {
        this.organizations = organizations;
        this.clock = clock;
    }

    public Organization handle(Actor actor, Command command) {
        if (actor.isApiKey()) {
            throw DomainException.forbidden("API keys cannot create organizations");
        }
        Instant now = clock.instant();
        Organization organization = new Organization(new OrganizationId(UUID.randomUUID()), command.name(), now);
        organizations.create(organization, new Member(actor.userId(), actor.email(), Role.ADMIN, now));
        return organization;
    }
}
