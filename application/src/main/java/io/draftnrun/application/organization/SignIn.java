package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.PasswordHasher;
import io.draftnrun.application.organization.port.UserRepository;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;

/**
 * {@code login}: a local account's e-mail and password give a {@link Session}. Failures are counted per account and
 * client address by the {@link SignInThrottle} and answer the same UNAUTHENTICATED whether the account exists or not.
 * A one-time password (given by an admin) opens no session: it must first be changed with {@link ChangePassword}.
 */
public final class SignIn {
    /** @param clientAddress the caller's address, for the throttle */
    public record Command(String email, String password, String clientAddress) {
        public Command(String email, String password) {
            this(email, password, "");
        }

        @Override
        public String toString() {
            return "SignIn.Command[" + email + "]";
        }
    }

    private final Credentials credentials;
    private final SessionIssuer sessions;

    public SignIn(UserRepository users, PasswordHasher hasher, SessionIssuer sessions, SignInThrottle throttle) {
        this.credentials = new Credentials(users, hasher, throttle);
        this.sessions = sessions;
    }

    public Session handle(Command command) {
        UserAccount user = credentials.verify(command.email(), command.password(), command.clientAddress());
        if (user.passwordChangeRequired()) {
            throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "this one-time password must be changed before signing in: call changePassword with it");
        }
        return sessions.issue(user);
    }
}
