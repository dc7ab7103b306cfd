package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.PasswordHasher;
import io.draftnrun.application.organization.port.UserRepository;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code signUp}: anyone creates a local account (in no organization) and is signed in, only where open sign-up is
 * turned on ({@code OPEN_SIGNUP}, off by default); elsewhere people join by invitation or are created by an admin.
 */
public final class SignUp {
    public record Command(String email, String password) {
        @Override
        public String toString() {
            return "SignUp.Command[" + email + "]";
        }
    }

    private final boolean open;
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final SessionIssuer sessions;
    private final Clock clock;

    public SignUp(boolean open, UserRepository users, PasswordHasher hasher, SessionIssuer sessions, Clock clock) {
        this.open = open;
        this.users = users;
        this.hasher = hasher;
        this.sessions = sessions;
        this.clock = clock;
    }

    public Session handle(Command command) {
        if (!open) {
            throw DomainException.forbidden(
                    "sign-up is closed on this server (OPEN_SIGNUP): ask an administrator for an invitation");
        }
        String email = Credentials.requireEmail(command.email());
        String password = Credentials.requirePassword(command.password(), "password");
        UserAccount account = new UserAccount(
                new UserId(UUID.randomUUID()), email, Optional.of(hasher.hash(password)), false, clock.instant());
        users.create(account);
        return sessions.issue(account);
    }
}
