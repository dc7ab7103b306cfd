package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.UserRepository;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Clock;

/**
 * A platform super-admin deletes an account: its memberships go (unless one of its organizations would be left
 * without an admin: FAILED_PRECONDITION, nothing changed), every session ends at its next request, and the account is
 * kept as a tombstone so that no token of it (local or Supabase) brings it back. Admins of an organization remove
 * members with {@code removeMember} instead.
 */
public final class DeleteUser {
    public record Command(UserId user) {}

    private final UserRepository users;
    private final Clock clock;

    public DeleteUser(UserRepository users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    public UserId handle(Actor actor, Command command) {
        if (!actor.platformAdmin() || actor.isApiKey()) {
            throw DomainException.forbidden("only a platform super-admin deletes accounts");
        }
        if (command.user().equals(actor.userId())) {
            throw new DomainException(ErrorCode.FAILED_PRECONDITION, "you cannot delete your own account");
        }
        users.delete(command.user(), clock.instant());
        return command.user();
    }
}
