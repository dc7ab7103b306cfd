package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.OrganizationRepository;
import io.draftnrun.application.organization.port.PasswordHasher;
import io.draftnrun.application.organization.port.UserRepository;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.Member;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * An admin creates a local account in the organization with a role (never above the admin's own) and a one-time
 * password, generated and returned only now: it opens no session until the user changes it ({@link ChangePassword}).
 */
public final class CreateUser {
    public record Command(OrganizationId organization, String email, Role role) {}

    /** The new membership and the one-time password, shown once. */
    public record Created(Member member, String oneTimePassword) {
        @Override
        public String toString() {
            return "Created[" + member.userId() + "]";
        }
    }

    private final OrganizationRepository organizations;
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final Clock clock;

    public CreateUser(OrganizationRepository organizations, UserRepository users, PasswordHasher hasher, Clock clock) {
        this.organizations = organizations;
        this.users = users;
        this.hasher = hasher;
        this.clock = clock;
    }

    public Created handle(Actor actor, Command command) {
        MemberRules.requireCanAssign(actor, command.organization(), command.role());
        String email = Credentials.requireEmail(command.email());
        if (users.findByEmail(email).isPresent()) {
            throw new DomainException(
                    ErrorCode.CONFLICT, "an account with this e-mail address exists: add it with addMember");
        }
        String oneTimePassword = Hashing.randomToken(15); // 20 characters, 120 bits
        Instant now = clock.instant();
        UserAccount account = new UserAccount(
                new UserId(UUID.randomUUID()),
                email,
                Optional.of(hasher.hash(oneTimePassword)),
                false,
                now,
                true,
                0,
                Optional.empty());
        Member member = organizations.addNewUser(command.organization(), account, command.role(), now);
        return new Created(member, oneTimePassword);
    }
}
