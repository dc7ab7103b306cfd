package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.OrganizationRepository;
import io.draftnrun.application.organization.port.UserRepository;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.Member;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Clock;
import java.util.Locale;

/** An admin adds an existing account (by e-mail) to the organization with a role (never above the admin's own). */
public final class AddMember {
    public record Command(OrganizationId organization, String email, Role role) {}

    private final OrganizationRepository organizations;
    private final UserRepository users;
    private final Clock clock;

    public AddMember(OrganizationRepository organizations, UserRepository users, Clock clock) {
        this.organizations = organizations;
        this.users = users;
        this.clock = clock;
    }

    public Member handle(Actor actor, Command command) {
        MemberRules.requireCanAssign(actor, command.organization(), command.role());
        organizations.find(command.organization()).orElseThrow(() -> DomainException.notFound("organization"));
        String email = command.email() == null ? "" : command.email().strip().toLowerCase(Locale.ROOT);
        UserAccount user = users.findByEmail(email)
                .orElseThrow(() -> new DomainException(
                        ErrorCode.NOT_FOUND,
                        "no account has this e-mail address: invite it (inviteMember) or create it (createUser)"));
        return organizations
                .modifyMembers(
                        command.organization(), m -> m.add(user.id(), user.email(), command.role(), clock.instant()))
                .find(user.id())
                .orElseThrow();
    }
}
