package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.ApiKeyRepository;
import io.draftnrun.application.organization.port.InvitationRepository;
import io.draftnrun.application.organization.port.OrganizationRepository;
import io.draftnrun.application.organization.port.OrganizationSecretRepository;
import io.draftnrun.application.organization.port.ProjectOwnership;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.ApiKey;
import io.draftnrun.domain.organization.Invitation;
import io.draftnrun.domain.organization.Member;
import io.draftnrun.domain.organization.Organization;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.shared.DomainException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** Reads of the organization slice, each checking the actor's right in the organization concerned. */
public final class OrganizationQueries {
    private final OrganizationRepository organizations;
    private final ApiKeyRepository keys;
    private final OrganizationSecretRepository secrets;
    private final ProjectOwnership projects;
    private final InvitationRepository invitations;
    private final Clock clock;

    public OrganizationQueries(
            OrganizationRepository organizations,
            ApiKeyRepository keys,
            OrganizationSecretRepository secrets,
            ProjectOwnership projects,
            InvitationRepository invitations,
            Clock clock) {
        this.organizations = organizations;
        this.keys = keys;
        this.secrets = secrets;
        this.projects = projects;
        this.invitations = invitations;
        this.clock = clock;
    }

    /** Pending invitations of the organization (admins), newest first; never their tokens. */
    public List<Invitation> invitations(Actor actor, OrganizationId id) {
        actor.require(id, Right.ADMIN);
        return invitations.pending(id, clock.instant());
    }

    public Me me(Actor actor) {
        List<Me.Membership> memberships = organizations
                .findAll(actor.memberships().keySet())
                .stream()
                .map(o -> new Me.Membership(o, actor.memberships().get(o.id())))
                .toList();
        return new Me(actor.userId(), actor.email(), actor.platformAdmin(), memberships);
    }

    /** The caller's organizations; a platform super-admin sees all of them. */
    public List<Organization> organizations(Actor actor) {
        List<Organization> list = actor.platformAdmin()
                ? organizations.all()
                : organizations.findAll(actor.memberships().keySet());
        return list.stream()
                .sorted(Comparator.comparing(Organization::name).thenComparing(o -> o.id().value()))
                .toList();
    }

    public Organization organization(Actor actor, OrganizationId id) {
        actor.require(id, Right.USER);
        return organizations.find(id).orElseThrow(() -> DomainException.notFound("organization"));
    }

    public List<Member> members(Actor actor, OrganizationId id) {
        actor.require(id, Right.READER);
        return organizations.members(id).members().values().stream()
                .sorted(Comparator.comparing(Member::since)
                        .thenComparing(m -> m.userId().value()))
                .toList();
    }

    /** Active keys of a project (never the key itself). */
    public List<ApiKey> apiKeys(Actor actor, UUID projectId) {
        ProjectAccess.require(projects, actor, projectId, Right.READER);
        return keys.activeKeysOf(projectId);
    }

    public List<SecretInfo> secrets(Actor actor, OrganizationId id) {
        actor.require(id, Right.READER);
        return secrets.list(id).stream()
                .map(SecretInfo::of)
                .sorted(Comparator.comparing(s -> s.key().value()))
                .toList();
    }
}
