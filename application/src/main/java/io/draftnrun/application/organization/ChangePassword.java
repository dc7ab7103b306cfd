package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.PasswordHasher;
import io.draftnrun.application.organization.port.UserRepository;
import io.draftnrun.domain.shared.DomainException;
import java.time.Clock;

/**
 * {@code changePassword}: a local account's e-mail and current password (checked and throttled as {@code login})
 * set a new password. Every session of the account ends at its next request (other devices, a thief's), and a new
 * session is returned. This is also how a one-time password given by an admin is replaced at first sign-in, so it
 * needs no session.
 */
public final class ChangePassword {
    public record Command(String email, String currentPassword, String newPassword, String clientAddress) {
        @Override
        public String toString() {
            return "ChangePassword.Command[" + email + "]";
        }
    }

    private final Credentials credentials;
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final SessionIssuer sessions;
    private final Clock clock;

    /** @param throttle the one {@link SignIn} uses: guesses count the same through either */
    public ChangePassword(
            UserRepository users, PasswordHasher hasher, SessionIssuer sessions, SignInThrottle throttle, Clock clock) {
        this.credentials = new Credentials(users, hasher, throttle);
        this.users = users;
        this.hasher = hasher;
        this.sessions = sessions;
        this.clock = clock;
    }

    public Session handle(Command command) {
        String password = Credentials.requirePassword(command.newPassword(), "newPassword");
        UserAccount user = credentials.verify(command.email(), command.currentPassword(), command.clientAddress());
        if (password.equals(command.currentPassword())) {
            throw DomainException.validation("newPassword must differ from the current password");
        }
        users.changePassword(user.id(), hasher.hash(password), false, clock.instant());
        UserAccount changed = users.findById(user.id()).orElseThrow();
        return sessions.issue(changed);
    }
}
